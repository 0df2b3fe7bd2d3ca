using Recurrent.Tasks.Classification;
using Recurrent.Tests.Onnx;

namespace Recurrent.Tests.EndToEnd;

/// <summary>
/// <c>rnn export DIR --onnx FILE</c> through the built program: the shared classifier's ONNX model, run by ONNX Runtime on the
/// token ids its own tokenizer and vocabulary make, gives the probabilities <c>rnn predict --json</c> prints; what cannot be
/// exported yet is refused with one line.
/// </summary>
[Collection(ParallelEndToEndCollection.Name)]
public sealed class ExportEndToEndTests(TrainedModels models) : IDisposable
{
    private static readonly string[] Texts = ["great phone, I love it", "terrible service", "the food was cold and the waiter never came back"];

    private readonly ScratchDirectory scratch = new("export");

    public void Dispose() => scratch.Dispose();

    [Fact]
    public void Export_onnx_writes_a_model_whose_probabilities_in_onnx_runtime_are_those_predict_prints()
    {
        string onnx = scratch.PathOf("reviews.onnx");
        var run = RnnProcess.Succeeds(["export", models.Classifier, "--onnx", onnx], scratch.Root);

        Assert.Equal($"Wrote {onnx} (ONNX opset 17): inputs tokens int64 [batch, time] and lengths int64 [batch], output probabilities " +
                     "float [batch, 2] of the labels 0, 1.", run.Output.TrimEnd());
        Assert.Equal(["reviews.onnx"], Directory.GetFiles(scratch.Root).Select(Path.GetFileName));
        var predictions = RnnProcess.Succeeds(["predict", models.Classifier, .. Texts, "--json"], scratch.Root).Json().AsArray();
        var reader = TextClassificationModel.Load(models.Classifier).Recurrent!;
        using var session = OnnxClassifierSession.FromFile(onnx);
        var probabilities = session.Probabilities(Texts.Select(text => Array.ConvertAll(reader.Read(text).Ids, id => (long)id)).ToList());

        Assert.Equal(["0", "1"], session.Labels);
        for (int n = 0; n < Texts.Length; n++)
            for (int c = 0; c < session.Labels.Length; c++)
            {
                double printed = (double)predictions[n]!["probabilities"]![session.Labels[c]]!;
                Assert.True(Math.Abs(probabilities[n][c] - printed) <= 1e-5, $"{Texts[n]}, label {session.Labels[c]}: ONNX {probabilities[n][c]}, rnn {printed}");
            }
    }

    [Fact]
    public void Export_without_onnx_is_a_usage_error_naming_the_option()
    {
        string error = RnnProcess.FailsWithUsageError(["export", models.Classifier], scratch.Root);
        Assert.Equal("error: --onnx FILE or --pytorch OUTDIR is required: say what to write, as in rnn export DIR --onnx model.onnx.", error);
    }

    [Fact]
    public void Export_refuses_a_baseline_and_another_tasks_model_saying_what_can_be_exported()
    {
        string baseline = scratch.PathOf("tfidf");
        RnnProcess.Succeeds(["train", "classify", "--data", BundledData.Yelp, "--baseline", "tfidf", "--out", baseline, "--quiet"], scratch.Root);

        string refusal = RnnProcess.FailsWithUsageError(["export", baseline, "--onnx", scratch.PathOf("tfidf.onnx")], scratch.Root);
        Assert.Equal($"error: --onnx: {baseline} is a tfidf baseline, not a recurrent network; rnn export --onnx exports recurrent text " +
                     "classifiers (rnn train classify) so far.", refusal);
        string tagger = RnnProcess.FailsWithUsageError(["export", models.Tagger, "--onnx", scratch.PathOf("tagger.onnx")], scratch.Root);
        Assert.Equal($"error: --onnx: {models.Tagger} is a 'tagging' model; rnn export --onnx exports recurrent text classifiers " +
                     "(rnn train classify) so far.", tagger);
        Assert.False(File.Exists(scratch.PathOf("tfidf.onnx")) || File.Exists(scratch.PathOf("tagger.onnx")), "a refused export wrote a file");
    }
}
