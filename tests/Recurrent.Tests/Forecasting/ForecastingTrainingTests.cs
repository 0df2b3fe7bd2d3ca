using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Recurrent.Tasks.Forecasting;
using Recurrent.Tests.Serialization;
using Recurrent.Training;

namespace Recurrent.Tests.Forecasting;

public sealed class ForecastingTrainingTests : IDisposable
{
    private readonly TempDirectory directory = new();

    public void Dispose() => directory.Dispose();

    /// <summary>A monthly CSV from 2000-01: a trend, a yearly cycle and a little seeded noise (positive throughout).</summary>
    private string MonthlyCsv(int months, string name = "monthly.csv")
    {
        var rng = new Rng(7);
        var text = new StringBuilder("Month,Sales\n");
        for (int t = 0; t < months; t++)
        {
            double value = 100 + 0.8 * t + 20 * Math.Sin(2 * Math.PI * t / 12) + rng.Normal();
            text.Append(new DateTime(2000, 1, 1).AddMonths(t).ToString("yyyy-MM", CultureInfo.InvariantCulture)).Append(',')
                .Append(value.ToString("F2", CultureInfo.InvariantCulture)).Append('\n');
        }
        string path = Path.Combine(directory.Path, name);
        File.WriteAllText(path, text.ToString());
        return path;
    }

    /// <summary>A noiseless sine of period 25 and amplitude 1 without a time column.</summary>
    private string SineCsv(int length)
    {
        var text = new StringBuilder("value\n");
        for (int t = 0; t < length; t++) text.Append(Math.Sin(2 * Math.PI * t / 25).ToString("R", CultureInfo.InvariantCulture)).Append('\n');
        string path = Path.Combine(directory.Path, "sine.csv");
        File.WriteAllText(path, text.ToString());
        return path;
    }

    private static ForecastingTrainingOptions Quick(string data, string? output = null) => new()
    {
        DataPath = data,
        Model = new ForecastingModelOptions { HiddenSize = 16, NumLayers = 1 },
        Trainer = new TrainerOptions { LearningRate = 1e-2f, ClipNorm = 1f, Epochs = 40, EarlyStoppingPatience = 10, Directory = output },
    };

    [Fact]
    public void A_noiseless_sine_is_forecast_one_step_ahead_far_better_than_persistence()
    {
        var run = ForecastingTraining.Run(Quick(SineCsv(400)) with { Transform = "none" });
        Assert.Equal(1, run.Preprocessing.Season);
        Assert.Equal(16, run.Preprocessing.Lookback); // two seasons, but at least twice the horizon and 16 steps
        Assert.True(run.Test.Model.Rmse < 0.05, $"test RMSE {run.Test.Model.Rmse}");
        Assert.True(run.Test.Model.Rmse < run.Test.Baselines["persistence"].Rmse / 3,
            $"test RMSE {run.Test.Model.Rmse} against persistence {run.Test.Baselines["persistence"].Rmse}");
        Assert.Equal(run.Test.Model.TestPoints, run.Test.Origins.Count);
        Assert.All(run.Test.Origins, origin => Assert.True(origin + 1 >= (int)Math.Floor(400 * (1 - 0.33) + 1e-9)));
    }

    [Fact]
    public void The_transform_is_chosen_on_the_validation_part_and_the_saved_model_scores_the_same_after_loading()
    {
        string data = MonthlyCsv(144), output = Path.Combine(directory.Path, "model");
        var messages = new List<string>();
        var run = ForecastingTraining.Run(Quick(data, output), new RecordingProgress(messages));
        Assert.NotNull(run.TransformChoice);
        Assert.Equal(12, run.Preprocessing.Season);
        Assert.Equal(24, run.Preprocessing.Lookback);
        Assert.Contains(messages, m => m.StartsWith("data: 144 values of 'Sales'", StringComparison.Ordinal) && m.Contains("monthly (season 12)"));
        Assert.Contains(messages, m => m.StartsWith("Chose the transform", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.StartsWith("test: RMSE", StringComparison.Ordinal));

        var loaded = Forecaster.Load(output);
        var again = ForecastEvaluator.Evaluate(loaded, TimeSeriesReader.Read(data));
        Assert.Equal(run.Test.Model.Rmse, again.Model.Rmse, 6);
        Assert.Equal(run.Test.Baselines["seasonal-naive"].Rmse, again.Baselines["seasonal-naive"].Rmse, 9);
        var saved = JsonNode.Parse(File.ReadAllText(Path.Combine(output, "config.json")))!;
        Assert.Equal(run.Preprocessing.Transform, (string?)saved["preprocessing"]!["transform"]);
        Assert.NotNull(saved["training"]!["test"]!["baselines"]!["seasonal_naive"]);
    }

    [Fact]
    public void The_trend_and_season_of_a_monthly_series_are_learnt_well_enough_to_beat_both_naive_forecasts()
    {
        var run = ForecastingTraining.Run(Quick(MonthlyCsv(240)) with { Trainer = Quick("").Trainer with { Epochs = 80 } });
        var (naive, scores) = run.Test.BestNaive;
        Assert.True(run.Test.Model.Rmse < scores.Rmse, $"model {run.Test.Model.Rmse} against {naive} {scores.Rmse} ({run.TransformChoice?.Explanation})");
    }

    [Fact]
    public void Forecasts_after_the_end_continue_the_calendar_and_invert_the_transform()
    {
        string data = MonthlyCsv(120), output = Path.Combine(directory.Path, "ahead");
        ForecastingTraining.Run(Quick(data, output) with { Horizon = 6, Transform = "log,seasonal-difference" });
        var forecaster = Forecaster.Load(output);
        var series = TimeSeriesReader.Read(data);
        var ahead = FutureForecast.Ahead(forecaster, series);
        Assert.Equal(6, ahead.Values.Length);
        Assert.Equal(new DateTime(2010, 1, 1), ahead.Times![0]);
        Assert.Equal(new DateTime(2010, 6, 1), ahead.Times[5]);
        Assert.All(ahead.Values, v => Assert.InRange(v, 150, 250)); // the level of the last year (about 195 ± 20), not of the scaled space
        Assert.Null(ahead.Lower);
        var tooMany = Assert.Throws<ArgumentException>(() => FutureForecast.Ahead(forecaster, series, 7));
        Assert.Contains("forecasts 6 step(s) at once", tooMany.Message);
    }

    [Fact]
    public void A_model_with_quantiles_gives_intervals_and_their_coverage_on_the_test_part()
    {
        var options = Quick(MonthlyCsv(144)) with
        {
            Model = new ForecastingModelOptions { HiddenSize = 16, NumLayers = 1, Quantiles = [0.1f, 0.5f, 0.9f] },
        };
        var run = ForecastingTraining.Run(options);
        Assert.NotNull(run.Test.Coverage);
        Assert.InRange(run.Test.Coverage!.Value, 0, 1);
        Assert.Equal([0.1, 0.9], run.Test.IntervalLevels!.Select(l => Math.Round(l, 6)).ToArray());
        for (int i = 0; i < run.Test.Forecasts.Count; i++) Assert.True(run.Test.Lower![i][0] <= run.Test.Upper![i][0]);
    }

    [Fact]
    public void The_saved_scalers_make_the_same_windows_as_fitting_them_again()
    {
        var series = TimeSeriesReader.Read(MonthlyCsv(144));
        var split = new SeriesSplit(series.Length);
        var transform = SeriesTransform.Parse("log,difference", 12);
        var fitted = new SeriesWindowing(series, split, transform, SeriesScalerKind.MinMax, 24, 3);
        var preprocessing = new ForecastPreprocessing
        {
            ValueColumn = series.Name, Transform = transform.ToString(), Season = 12, TargetScaler = fitted.TargetScaler, Lookback = 24, Horizon = 3,
        };
        var json = preprocessing.ToJson();
        var restored = ForecastPreprocessing.Of(new Forecaster(new ForecastingModel(new ForecastingModelOptions { Lookback = 24, Horizon = 3 }, new Rng(1)), json));
        Assert.Equal(preprocessing.TargetScaler, restored.TargetScaler);
        var again = restored.Windowing(series);
        Assert.Equal(fitted.Windows(SeriesPart.Test).Inputs, again.Windows(SeriesPart.Test).Inputs);
        Assert.Equal(fitted.Windows(SeriesPart.Test).Targets, again.Windows(SeriesPart.Test).Targets);
    }

    [Theory]
    [InlineData("transform", "\"cube-root\"", "cube-root")]
    [InlineData("lookback", "0", "Lookback")]
    [InlineData("target_scaler", "{\"kind\": \"min_max\", \"shift\": 0, \"scale\": 0}", "scale")]
    public void A_damaged_preprocessing_section_is_refused_saying_what(string key, string value, string expected)
    {
        var json = new ForecastPreprocessing { ValueColumn = "Sales", Lookback = 4 }.ToJson();
        json[key] = JsonNode.Parse(value);
        var forecaster = new Forecaster(new ForecastingModel(new ForecastingModelOptions { Lookback = 4 }, new Rng(1)), json);
        var error = Assert.Throws<InvalidDataException>(() => ForecastPreprocessing.Of(forecaster));
        Assert.Contains("preprocessing", error.Message);
        Assert.Contains(expected, error.Message);
    }

    private sealed class RecordingProgress(List<string> messages) : ITrainingProgress
    {
        public void Message(string text) => messages.Add(text);

        public void EpochStarted(int epoch, int epochs, int batches) { }

        public void BatchCompleted(int batch, int batches, double meanLoss, double tokensPerSecond, TimeSpan epochRemaining) { }

        public void EpochCompleted(EpochRecord record) { }
    }
}
