using Recurrent.Tasks.Forecasting;
using Recurrent.Tasks.Tagging;
using Recurrent.Tests.Onnx;

namespace Recurrent.Tests.EndToEnd;

/// <summary>
/// <c>rnn export DIR --onnx FILE</c> of the shared tagger and forecaster through the built program: ONNX Runtime on the exported
/// model, with the post-steps of docs/interop.md (Viterbi on the CRF's scores; the forecast back in the series' units), gives
/// the tags <c>rnn predict --json</c> prints and the forecast <c>rnn forecast --json</c> prints, for a direct forecaster and a
/// seq2seq one (its decoder unrolled in the graph).
/// </summary>
[Collection(ParallelEndToEndCollection.Name)]
public sealed class TaggerForecasterExportEndToEndTests(TrainedModels models) : IDisposable
{
    private static readonly string[] Texts = ["U.N. official Ekeus heads for Baghdad .", "Peter Blackburn", "Germany 's representative to the European Union"];

    private readonly ScratchDirectory scratch = new("export-tasks");

    public void Dispose() => scratch.Dispose();

    [Fact]
    public void Export_onnx_of_a_tagger_gives_the_tags_predict_prints_after_viterbi_on_its_crf_scores()
    {
        string onnx = scratch.PathOf("ner.onnx");
        var run = RnnProcess.Succeeds(["export", models.Tagger, "--onnx", onnx], scratch.Root);

        var tagger = Tagger.Load(models.Tagger);
        Assert.Equal($"Wrote {onnx} (ONNX opset 17): inputs tokens int64 [batch, time], lengths int64 [batch], characters int64 [batch, time, chars], " +
                     $"word_lengths int64 [batch, time], casings int64 [batch, time]; outputs emissions float [batch, time, {tagger.Vocabulary.Tags.Count}] " +
                     "and the CRF's transitions, start_transitions and end_transitions for Viterbi decoding, of the tags " +
                     $"{string.Join(", ", tagger.Vocabulary.Tags)}.", run.Output.TrimEnd());
        var predictions = RnnProcess.Succeeds(["predict", models.Tagger, .. Texts, "--json"], scratch.Root).Json().AsArray();
        var sentences = Texts.Select(text => (IReadOnlyList<string>)text.Split(' ')).ToArray();
        using var session = OnnxTaggerSession.FromFile(onnx);
        var paths = session.Run(sentences, tagger.Vocabulary, padding: (_, _) => 0).Paths();

        Assert.Equal(tagger.Vocabulary.Tags, session.Tags);
        for (int n = 0; n < Texts.Length; n++)
            Assert.Equal(predictions[n]!["tags"]!.AsArray().Select(tag => (string)tag!), paths[n].Select(id => session.Tags[id]));
    }

    [Fact]
    public void Export_onnx_of_a_forecaster_gives_the_forecast_rnn_forecast_prints_once_unscaled()
    {
        string onnx = scratch.PathOf("sines.onnx");
        var run = RnnProcess.Succeeds(["export", models.Forecaster, "--onnx", onnx], scratch.Root);

        Assert.Equal($"Wrote {onnx} (ONNX opset 17): input window float [batch, 100, 1], output forecast float [batch, 12, 1] of 12 steps, " +
                     "both in the model's scaled space.", run.Output.TrimEnd());
        string data = scratch.Write("sines.csv", ForecastingData.SinesCsv());
        var printed = RnnProcess.Succeeds(["forecast", models.Forecaster, "--data", data, "--json"], scratch.Root).Json()["forecast"]!.AsArray();

        var preprocessing = ForecastPreprocessing.Of(Forecaster.Load(models.Forecaster));
        var windowing = preprocessing.Windowing(TimeSeriesReader.Read(data, new TimeSeriesReadOptions { ValueColumn = preprocessing.ValueColumn }));
        int origin = windowing.Series.Length - 1;
        using var session = OnnxForecasterSession.FromFile(onnx);
        var scaled = session.Forecast(windowing.Input(origin), 1, preprocessing.Lookback, windowing.Features);   // [1, 12, 1]
        var forecast = windowing.ToOriginal(origin, scaled);

        Assert.Equal(printed.Count, forecast.Length);
        for (int h = 0; h < forecast.Length; h++)
            Assert.True(Math.Abs(forecast[h] - (double)printed[h]!) <= 1e-5 * Math.Max(1, Math.Abs(forecast[h])),
                $"step {h + 1}: ONNX {forecast[h]}, rnn forecast {printed[h]}");
    }

    [Fact]
    public void Export_onnx_of_a_seq2seq_forecaster_gives_the_forecast_rnn_forecast_prints_once_unscaled()
    {
        string data = scratch.Write("sine.csv", ForecastingData.SineCsv());
        string model = scratch.PathOf("seq2seq");
        RnnProcess.Succeeds(["train", "forecast", "--data", data, "--strategy", "seq2seq", "--lookback", "8", "--horizon", "3", "--hidden", "4",
            "--layers", "2", "--epochs", "1", "--out", model, "--quiet"], scratch.Root);
        string onnx = scratch.PathOf("seq2seq.onnx");
        var run = RnnProcess.Succeeds(["export", model, "--onnx", onnx], scratch.Root);

        Assert.Equal($"Wrote {onnx} (ONNX opset 17): input window float [batch, 8, 1], output forecast float [batch, 3, 1] of 3 steps " +
                     "(the seq2seq decoder unrolled over the trained horizon), both in the model's scaled space.", run.Output.TrimEnd());
        var printed = RnnProcess.Succeeds(["forecast", model, "--data", data, "--json"], scratch.Root).Json()["forecast"]!.AsArray();

        var preprocessing = ForecastPreprocessing.Of(Forecaster.Load(model));
        var windowing = preprocessing.Windowing(TimeSeriesReader.Read(data, new TimeSeriesReadOptions { ValueColumn = preprocessing.ValueColumn }));
        int origin = windowing.Series.Length - 1;
        using var session = OnnxForecasterSession.FromFile(onnx);
        Assert.Equal("seq2seq", session.Metadata["strategy"]);
        var forecast = windowing.ToOriginal(origin, session.Forecast(windowing.Input(origin), 1, preprocessing.Lookback, windowing.Features));

        Assert.Equal(3, printed.Count);
        Assert.Equal(printed.Count, forecast.Length);
        for (int h = 0; h < forecast.Length; h++)
            Assert.True(Math.Abs(forecast[h] - (double)printed[h]!) <= 1e-5 * Math.Max(1, Math.Abs(forecast[h])),
                $"step {h + 1}: ONNX {forecast[h]}, rnn forecast {printed[h]}");
    }
}
