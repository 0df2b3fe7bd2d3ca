using Recurrent.Serialization;
using Recurrent.Tasks.Forecasting;
using Recurrent.Tests.EndToEnd;

namespace Recurrent.Tests.Forecasting;

/// <summary>What a forecaster's training saves of its test part for the report (evaluation.json).</summary>
public sealed class ForecastEvaluationSummaryTests
{
    private static readonly double[] Values = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];

    /// <summary>Forecasts of two steps from the origins 5 … 8 (the test part starts at step 6), each first step 0.5 too high.</summary>
    private static ForecastEvaluation Test(bool interval)
    {
        int[] origins = [5, 6, 7, 8];
        var forecasts = origins.Select(origin => new[] { origin + 1.5, origin + 2.5 }).ToArray();
        var actuals = origins.Select(origin => new[] { origin + 1.0, Math.Min(9, origin + 2.0) }).ToArray();
        var scores = ForecastScores.Compute(forecasts, actuals, 1.0);
        return new ForecastEvaluation(scores, new Dictionary<string, ForecastScores> { ["persistence"] = scores }, interval ? 0.5 : null,
            interval ? [0.05, 0.95] : null, origins, forecasts,
            interval ? forecasts.Select(f => f.Select(v => v - 1).ToArray()).ToArray() : null,
            interval ? forecasts.Select(f => f.Select(v => v + 1).ToArray()).ToArray() : null);
    }

    [Fact]
    public void The_points_start_one_look_back_before_the_test_part_and_carry_each_forecasts_first_step()
    {
        var summary = ForecastEvaluationSummary.Of(new TimeSeries("value", Values), Test(interval: true), lookback: 3);

        Assert.Equal(3, summary.FirstStep);
        Assert.Equal(6, summary.TestStart);
        Assert.Equal([3.0, 4, 5, 6, 7, 8, 9], summary.Actual);
        Assert.Equal([null, null, null, 6.5, 7.5, 8.5, 9.5], summary.Forecast);
        Assert.Equal([null, null, null, 5.5, 6.5, 7.5, 8.5], summary.Lower!);
        Assert.Equal([null, null, null, 7.5, 8.5, 9.5, 10.5], summary.Upper!);
        Assert.Null(summary.Times);
        Assert.Equal(0.5, summary.Coverage);
    }

    [Fact]
    public void A_series_with_times_keeps_the_times_of_its_points_and_one_without_an_interval_has_no_bounds()
    {
        var months = Enumerable.Range(0, Values.Length).Select(i => new DateTime(2020, 1, 1).AddMonths(i)).ToArray();

        var summary = ForecastEvaluationSummary.Of(new TimeSeries("passengers", Values, months), Test(interval: false), lookback: 2);

        Assert.Equal(months[4..], summary.Times!);
        Assert.Null(summary.Lower);
        Assert.Null(summary.Upper);
        Assert.Null(summary.IntervalLevels);
    }

    [Fact]
    public void A_summary_saved_as_evaluation_json_reads_back_the_same()
    {
        using var scratch = new ScratchDirectory("forecast-summary");
        var months = Enumerable.Range(0, Values.Length).Select(i => new DateTime(2020, 1, 1).AddMonths(i)).ToArray();
        var summary = ForecastEvaluationSummary.Of(new TimeSeries("passengers", Values, months), Test(interval: true), lookback: 3);

        EvaluationFile.Save(scratch.Root, summary);
        var read = EvaluationFile.Load<ForecastEvaluationSummary>(scratch.Root)!;

        Assert.Equal(summary.Times!, read.Times!);
        Assert.Equal(summary.Forecast, read.Forecast);
        Assert.Equal(summary.Upper!, read.Upper!);
        Assert.Equal(summary.Model.Rmse, read.Model.Rmse);
        Assert.Equal(summary.Model.RmsePerStep, read.Model.RmsePerStep);
        Assert.Equal(summary.Baselines["persistence"].Mae, read.Baselines["persistence"].Mae);
    }
}
