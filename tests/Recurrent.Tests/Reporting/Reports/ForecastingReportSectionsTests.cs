using Recurrent.Reporting.Reports;
using Recurrent.Serialization;
using Recurrent.Tests.EndToEnd;

namespace Recurrent.Tests.Reporting.Reports;

/// <summary>The sections of a forecaster's report, drawn from hand-made model directories holding only evaluation.json.</summary>
public sealed class ForecastingReportSectionsTests : IDisposable
{
    private readonly ScratchDirectory scratch = new("forecasting-sections");

    public void Dispose() => scratch.Dispose();

    [Fact]
    public void A_forecaster_gets_the_test_forecast_and_the_error_table()
    {
        var sections = ForecastingReportSections.Of(TaskSectionSamples.Directory(scratch, "forecaster", TaskSectionSamples.Forecast()));

        Assert.Equal(["Forecast against actual values", "Test errors"], sections.Select(s => s.Title));
        foreach (var section in sections) TaskSectionSamples.AssertSelfContained(section);
    }

    [Fact]
    public void The_chart_draws_actual_and_forecast_values_with_the_interval_band_and_the_test_marker()
    {
        var chart = ForecastingReportSections.TestForecastChart(TaskSectionSamples.Forecast());

        Assert.Equal([10.0, 11, 12, 13, 14, 15, 16, 17], chart.X.NumberValues!);
        Assert.Equal(["actual", "forecast"], chart.Series.Select(s => s.Name));
        Assert.True(double.IsNaN(chart.Series[1].Values[3]));
        Assert.Equal(1.1, chart.Series[1].Values[4]);
        Assert.NotNull(chart.Band);
        Assert.Equal("80% interval", chart.Band.Name);
        Assert.Equal(0.8, chart.Band.Lower[4]);
        Assert.Equal(14.0, chart.Marker!.X);
    }

    [Fact]
    public void The_section_states_the_coverage_of_the_interval_and_draws_the_chart()
    {
        var forecast = ForecastingReportSections.Of(TaskSectionSamples.Directory(scratch, "forecaster", TaskSectionSamples.Forecast()))[0];

        Assert.Contains("75.0% of the actual values lie inside the 80% interval", forecast.Html, StringComparison.Ordinal);
        var svg = Assert.Single(TaskSectionSamples.Parse(forecast).Descendants("svg"));
        Assert.Contains(svg.Descendants("text"), text => text.Value == "80% interval");
    }

    [Fact]
    public void Without_an_interval_there_is_no_band_and_the_section_says_so()
    {
        var summary = TaskSectionSamples.Forecast(interval: false);
        var forecast = ForecastingReportSections.Of(TaskSectionSamples.Directory(scratch, "forecaster", summary))[0];

        Assert.Null(ForecastingReportSections.TestForecastChart(summary).Band);
        Assert.Contains("The model gives no interval.", forecast.Html, StringComparison.Ordinal);
    }

    [Fact]
    public void The_error_table_has_the_model_then_the_baselines_by_rmse()
    {
        var errors = ForecastingReportSections.Of(TaskSectionSamples.Directory(scratch, "forecaster", TaskSectionSamples.Forecast()))[1];

        var table = Assert.Single(TaskSectionSamples.Tables(errors));
        Assert.Equal(["forecaster", "RMSE", "MAE", "MAPE", "sMAPE", "MASE"], table[0]);
        Assert.Equal(["model", "persistence", "mean"], table.Skip(1).Select(row => row[0]));
        Assert.Equal("0.125", table[1][2]);
        Assert.Equal("0.875", table[2][2]);
        Assert.Equal("1", table[3][2]);
    }

    [Fact]
    public void Lists_of_different_lengths_are_refused_naming_the_file()
    {
        var damaged = TaskSectionSamples.Forecast() with { Forecast = [1.0, 2.0] };
        string directory = TaskSectionSamples.Directory(scratch, "damaged", damaged);

        var error = Assert.Throws<ModelFormatException>(() => ForecastingReportSections.Of(directory));

        Assert.Equal(Path.Combine(directory, EvaluationFile.FileName), error.FilePath);
    }

    [Fact]
    public void A_directory_without_evaluation_json_gets_one_section_saying_what_is_missing()
    {
        string directory = scratch.PathOf("old-forecaster");
        Directory.CreateDirectory(directory);

        var section = Assert.Single(ForecastingReportSections.Of(directory));

        Assert.Contains(EvaluationFile.FileName + " is missing", section.Html, StringComparison.Ordinal);
    }
}
