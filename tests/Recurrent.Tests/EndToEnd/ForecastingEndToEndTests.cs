using System.Globalization;
using System.Text;
using System.Xml.Linq;

namespace Recurrent.Tests.EndToEnd;

/// <summary>
/// <c>rnn generate-series</c>, <c>rnn train forecast</c>, <c>rnn forecast</c> and <c>rnn evaluate</c> of a forecaster through
/// the built program, on a monthly series the test writes (a trend, a yearly cycle and noise) with small networks, so that
/// each run takes a second or two; the airline series of ../shared with the defaults.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class ForecastingEndToEndTests : IDisposable
{
    private static readonly string[] Small = ["--hidden", "16", "--layers", "1", "--epochs", "30"];

    private readonly ScratchDirectory scratch = new("forecasting");

    public void Dispose() => scratch.Dispose();

    /// <summary>Ten years of monthly sales from 2000-01, positive throughout.</summary>
    private string Monthly()
    {
        var noise = new Rng(7);
        var text = new StringBuilder("Month,Sales\n");
        for (int t = 0; t < 120; t++)
            text.Append(new DateTime(2000, 1, 1).AddMonths(t).ToString("yyyy-MM", CultureInfo.InvariantCulture)).Append(',')
                .Append((100 + 0.8 * t + 20 * Math.Sin(2 * Math.PI * t / 12) + noise.Normal()).ToString("F2", CultureInfo.InvariantCulture)).Append('\n');
        return scratch.Write("sales.csv", text.ToString());
    }

    private static XDocument Svg(string path)
    {
        Assert.True(File.Exists(path), $"{path} was not written");
        var svg = XDocument.Load(path);
        Assert.Equal("svg", svg.Root!.Name.LocalName);
        return svg;
    }

    private static string Texts(XDocument svg) => string.Join(" | ", svg.Descendants().Where(e => e.Name.LocalName == "text").Select(e => e.Value));

    [Fact]
    public void Generate_series_writes_the_exercise_sine_and_the_noisy_sines_as_csv()
    {
        string sine = scratch.PathOf("sine.csv"), sines = scratch.PathOf("sines.csv");
        var run = RnnProcess.Succeeds(["generate-series", "sine", "--length", "100", "--period", "25", "--out", sine], scratch.Root);
        Assert.Contains("Wrote 100 values of sine", run.Output);
        string[] lines = File.ReadAllLines(sine);
        Assert.Equal("step,value", lines[0]);
        Assert.Equal(101, lines.Length);
        Assert.Equal(Math.Sin(2 * Math.PI * 5 / 25), double.Parse(lines[6].Split(',')[1], CultureInfo.InvariantCulture), 12);

        RnnProcess.Succeeds(["generate-series", "sines", "--length", "50", "--noise", "0.1", "--seed", "3", "--out", sines], scratch.Root);
        string first = File.ReadAllText(sines);
        RnnProcess.Succeeds(["generate-series", "sines", "--length", "50", "--noise", "0.1", "--seed", "3", "--out", sines], scratch.Root);
        Assert.Equal(first, File.ReadAllText(sines));
        string error = RnnProcess.FailsWithUsageError(["generate-series", "sines", "--period", "10", "--out", sines], scratch.Root);
        Assert.Contains("--period", error);
    }

    [Fact]
    public void Train_forecast_scores_the_test_part_against_the_baselines_and_writes_the_model_and_its_charts()
    {
        string data = Monthly();
        var model = new ModelDirectory(scratch.PathOf("sales"));
        var run = RnnProcess.Succeeds(["train", "forecast", "--data", data, .. Small, "--out", model.Folder], scratch.Root);

        model.AssertFiles("config.json", "model.safetensors", "metrics.jsonl", "test-forecast.svg", "loss.svg", "checkpoint/trainer.json");
        Assert.Equal("forecasting", (string?)model.Config["task"]);
        var preprocessing = model.Config["preprocessing"]!;
        Assert.Equal("Sales", (string?)preprocessing["value_column"]);
        Assert.Equal(12, (int)preprocessing["season"]!);
        Assert.Equal(24, (int)preprocessing["lookback"]!);
        foreach (string shown in new[] { "monthly (season 12)", "Chose the transform", "linear term:", "Test part (", "persistence", "seasonal-naive",
                     "linear-ar", "the better naive forecast", "test-forecast.svg", "rnn forecast" })
            Assert.Contains(shown, run.Output);
        Assert.All(model.Metrics, epoch => Assert.True((double)epoch["valid_loss"]! >= 0));
        double rmse = (double)model.Config["training"]!["test"]!["rmse"]!;
        Assert.Contains(FormattableString.Invariant($"RMSE {rmse:G4}"), run.Output);

        string chart = Texts(Svg(model.FileOf("test-forecast.svg")));
        foreach (string label in new[] { "Sales: one-step forecasts of the test part", "actual", "forecast", "test part", "Time" })
            Assert.Contains(label, chart);
        Assert.Contains("validation loss", Texts(Svg(model.FileOf("loss.svg"))));
    }

    [Fact]
    public void Forecast_continues_the_calendar_and_evaluate_scores_the_test_part_as_training_did()
    {
        string data = Monthly();
        var model = new ModelDirectory(scratch.PathOf("ahead"));
        RnnProcess.Succeeds(["train", "forecast", "--data", data, .. Small, "--horizon", "6", "--quantiles", "0.1,0.5,0.9", "--quiet",
            "--out", model.Folder], scratch.Root);

        string plot = scratch.PathOf("ahead.svg");
        var json = RnnProcess.Succeeds(["forecast", model.Folder, "--data", data, "--json", "--plot", plot], scratch.Root).Json();
        Assert.Equal(["2010-01", "2010-02", "2010-03", "2010-04", "2010-05", "2010-06"], json["times"]!.AsArray().Select(t => (string)t!).ToArray());
        var forecast = json["forecast"]!.AsArray().Select(v => (double)v!).ToArray();
        var lower = json["lower"]!.AsArray().Select(v => (double)v!).ToArray();
        var upper = json["upper"]!.AsArray().Select(v => (double)v!).ToArray();
        Assert.All(forecast, v => Assert.InRange(v, 150, 250));
        for (int i = 0; i < 6; i++) Assert.True(lower[i] <= upper[i]);
        Assert.Contains("80% interval", Texts(Svg(plot)));

        var text = RnnProcess.Succeeds(["forecast", model.Folder, "--data", data, "--horizon", "3"], scratch.Root).Output;
        Assert.Contains("Sales: the next 3 value(s) after 2009-12, with the 80% interval", text);
        Assert.Contains("2010-03", text);

        var scores = RnnProcess.Succeeds(["evaluate", model.Folder, "--data", data, "--json"], scratch.Root).Json();
        Assert.Equal((double)model.Config["training"]!["test"]!["rmse"]!, (double)scores["rmse"]!, 6);
        Assert.Equal(6, scores["rmse_per_step"]!.AsArray().Count);
        Assert.InRange((double)scores["coverage"]!, 0, 1);
        foreach (string baseline in new[] { "persistence", "seasonal_naive", "mean", "drift", "linear_ar" })
            Assert.True((double)scores["baselines"]![baseline]!["rmse"]! > 0, baseline);

        string evaluationPlot = scratch.PathOf("test.svg");
        var evaluation = RnnProcess.Succeeds(["evaluate", model.Folder, "--data", data, "--plot", evaluationPlot], scratch.Root).Output;
        Assert.Contains("forecasts of the test part", evaluation);
        Assert.Contains("80% interval", Texts(Svg(evaluationPlot)));
        string tooFar = RnnProcess.FailsWithUsageError(["forecast", model.Folder, "--data", data, "--horizon", "7"], scratch.Root);
        Assert.Contains("--horizon 7", tooFar);
        var summary = RnnProcess.Succeeds(["summary", model.Folder], scratch.Root).Output;
        foreach (string shown in new[] { "forecasting", "skip.weight", "quantiles", "Preprocessing", "value_column" })
            Assert.Contains(shown, summary);
    }

    [Fact]
    public void A_cnn_lstm_and_a_recursive_gru_train_and_forecast_further_than_their_training_horizon()
    {
        string data = Monthly();
        var cnn = new ModelDirectory(scratch.PathOf("cnn"));
        RnnProcess.Succeeds(["train", "forecast", "--data", data, .. Small, "--model", "cnn-lstm", "--channels", "8", "--quiet", "--out", cnn.Folder],
            scratch.Root);
        Assert.Equal(8, (int)cnn.Config["architecture"]!["convolution"]!["channels"]!);
        Assert.Contains("front_end.conv.weight", cnn.Tensors.Keys);

        var gru = new ModelDirectory(scratch.PathOf("gru"));
        RnnProcess.Succeeds(["train", "forecast", "--data", data, .. Small, "--model", "gru", "--strategy", "recursive", "--quiet", "--out", gru.Folder],
            scratch.Root);
        var json = RnnProcess.Succeeds(["forecast", gru.Folder, "--data", data, "--horizon", "12", "--json"], scratch.Root).Json();
        Assert.Equal(12, json["forecast"]!.AsArray().Count);
        Assert.Null(json["lower"]);
    }

    [Fact]
    public void Compare_forecast_shows_the_networks_over_seeds_beside_the_baselines_in_one_table()
    {
        string data = Monthly(), output = scratch.PathOf("compare");
        var run = RnnProcess.Succeeds(["compare", "forecast", "--data", data, "--models", "rnn,gru,persistence,seasonal-naive,linear-ar",
            "--seeds", "2", "--hidden", "8", "--layers", "1", "--epochs", "5", "--linear-term", "false", "--out", output], scratch.Root);
        foreach (string shown in new[] { "| model | RMSE |", "rnn", "gru |", "persistence |", "seasonal-naive |", "linear-ar",
                     "networks over 2 seeds", "training rnn (seed 2)" })
            Assert.Contains(shown, run.Output);
        Assert.Contains("| rnn |", File.ReadAllText(Path.Combine(output, "compare.md")));
        var json = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(output, "compare.json")))!;
        Assert.Equal(2, json["models"]!["gru"]!["rmse"]!.AsArray().Count);
        Assert.Single(json["models"]!["persistence"]!["rmse"]!.AsArray());
        Assert.Contains("cubic", RnnProcess.FailsWithUsageError(["compare", "forecast", "--data", data, "--models", "lstm,cubic"], scratch.Root));
        Assert.Contains("--models", RnnProcess.FailsWithUsageError(["compare", "forecast", "--data", data, "--model", "gru"], scratch.Root));
    }

    [Theory]
    [InlineData("--channels", "8", "--model cnn-lstm")]
    [InlineData("--quantiles", "0.1,0.9", "0.5")]
    [InlineData("--transform", "cube", "cube")]
    [InlineData("--test-fraction", "1.5", "--test-fraction")]
    public void Contradicting_or_wrong_flags_are_refused_naming_them(string flag, string value, string expected)
    {
        string error = RnnProcess.FailsWithUsageError(["train", "forecast", "--data", Monthly(), flag, value, "--out", scratch.PathOf("bad")],
            scratch.Root);
        Assert.Contains(expected, error);
        Assert.False(Directory.Exists(scratch.PathOf("bad")));
    }

    [Fact]
    public void A_missing_value_is_refused_with_its_file_and_line_unless_gaps_are_filled()
    {
        string data = scratch.Write("gap.csv", "Month,Sales\n" + string.Concat(Enumerable.Range(0, 60).Select(t =>
            $"{new DateTime(2000, 1, 1).AddMonths(t):yyyy-MM},{(t == 30 ? "" : (100 + t).ToString(CultureInfo.InvariantCulture))}\n")));
        string error = RnnProcess.FailsWithUsageError(["train", "forecast", "--data", data, "--out", scratch.PathOf("gap")], scratch.Root);
        Assert.Contains("gap.csv:32", error);
        Assert.Contains("--fill", error);
        Assert.False(Directory.Exists(scratch.PathOf("gap")));
        RnnProcess.Succeeds(["train", "forecast", "--data", data, "--fill", "interpolate", .. Small, "--quiet", "--out", scratch.PathOf("filled")],
            scratch.Root);
    }

    [SharedDataFact]
    public void With_the_defaults_the_airline_series_is_forecast_better_than_both_naive_forecasts()
    {
        string airline = Path.Combine(RnnProcess.SharedData!, "timeseries", "airline-passengers.csv");
        var model = new ModelDirectory(scratch.PathOf("airline"));
        RnnProcess.Succeeds(["train", "forecast", "--data", airline, "--quiet", "--out", model.Folder], scratch.Root);
        var test = model.Config["training"]!["test"]!;
        double rmse = (double)test["rmse"]!, naive = Math.Min((double)test["baselines"]!["persistence"]!["rmse"]!,
            (double)test["baselines"]!["seasonal_naive"]!["rmse"]!);
        Assert.True(rmse < naive, $"model {rmse} against the better naive forecast {naive}");
        Assert.True(rmse < 54.4, $"model {rmse} against the plain PyTorch LSTM's 54.4");
    }
}
