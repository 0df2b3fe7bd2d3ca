using System.Globalization;
using System.Text.Json;
using Recurrent.Autograd;
using Recurrent.Interop;
using Recurrent.Tasks.LanguageModel;
using Recurrent.Tests.Interop;

namespace Recurrent.Tests.EndToEnd;

/// <summary>
/// The PyTorch hand-off through the built program and Debian's PyTorch: <c>rnn export DIR --pytorch OUTDIR</c> writes a module whose
/// load.py prints what <c>rnn predict</c> and <c>rnn generate</c> print; a model trained further in PyTorch by the committed
/// train_in_pytorch.py comes back with <c>rnn import --pytorch</c> and predicts and generates what PyTorch computed, to 1e-5.
/// </summary>
[Collection(ParallelEndToEndCollection.Name)]
public sealed class PyTorchEndToEndTests(TrainedModels models) : IDisposable
{
    private readonly ScratchDirectory scratch = new("pytorch");

    public void Dispose() => scratch.Dispose();

    [Fact]
    public void The_exported_classifiers_load_example_prints_the_probabilities_predict_prints()
    {
        string exported = scratch.PathOf("exported");
        var export = RnnProcess.Succeeds(["export", models.Classifier, "--pytorch", exported], scratch.Root);

        Assert.Equal($"Wrote {exported}: model.py, model.safetensors, config.json, vocab.txt, examples.json, load.py; run python3 " +
                     $"{exported}/load.py (needs torch) for an example.", export.Output.TrimEnd());
        var printed = TorchPython.Run(Path.Combine(exported, "load.py")).TrimEnd().Split('\n');
        var predictions = RnnProcess.Succeeds(["predict", models.Classifier, .. PyTorchExport.ClassifierExamples, "--json"], scratch.Root).Json().AsArray();

        Assert.Equal(PyTorchExport.ClassifierExamples.Count, printed.Length);
        for (int n = 0; n < printed.Length; n++)
        {
            var (text, scores) = (printed[n].Split('\t')[0], printed[n].Split('\t')[1].Split(", "));
            Assert.Equal(PyTorchExport.ClassifierExamples[n], text);
            foreach (var score in scores.Select(s => s.Split(' ')))
            {
                double pytorch = double.Parse(score[1], CultureInfo.InvariantCulture);
                double rnn = (double)predictions[n]!["probabilities"]![score[0]]!;
                Assert.True(Math.Abs(pytorch - rnn) <= 1e-5, $"{text}, label {score[0]}: PyTorch {pytorch}, rnn {rnn}");
            }
        }
    }

    [Fact]
    public void The_exported_language_models_load_example_continues_the_prime_as_generate_does_at_temperature_0()
    {
        string exported = scratch.PathOf("exported");
        RnnProcess.Succeeds(["export", models.LanguageModel, "--pytorch", exported], scratch.Root);

        string pytorch = TorchPython.Run(Path.Combine(exported, "load.py"));
        var generated = RnnProcess.Succeeds(["generate", models.LanguageModel, "--prime", PyTorchExport.LanguageModelPrime, "--temperature", "0",
            "--length", "40"], scratch.Root);

        Assert.Equal(generated.Output, pytorch);
    }

    [Fact]
    public void A_classifier_trained_further_in_pytorch_comes_back_and_predicts_what_pytorch_computed()
    {
        string exported = scratch.PathOf("exported"), state = scratch.PathOf("state.safetensors"), imported = scratch.PathOf("imported");
        RnnProcess.Succeeds(["export", models.Classifier, "--pytorch", exported], scratch.Root);
        var pytorch = TorchPython.JsonLines(TorchPython.Run("train_in_pytorch.py", exported, state)).Single();

        var import = RnnProcess.Succeeds(["import", "--pytorch", state, "--config", Path.Combine(exported, "config.json"), "--out", imported], scratch.Root);
        var predictions = RnnProcess.Succeeds(["predict", imported, .. PyTorchExport.ClassifierExamples, "--json"], scratch.Root).Json().AsArray();

        Assert.Equal($"Wrote {imported}: a text classifier built as {exported}/config.json describes, with the weights of {state}; use it with rnn " +
                     "predict, evaluate and explain.", import.Output.TrimEnd());
        var labels = (string[])["0", "1"];
        for (int n = 0; n < PyTorchExport.ClassifierExamples.Count; n++)
            for (int c = 0; c < labels.Length; c++)
            {
                double trained = (double)pytorch["after"]![n]![c]!, rnn = (double)predictions[n]!["probabilities"]![labels[c]]!;
                Assert.True(Math.Abs(trained - rnn) <= 1e-5, $"example {n}, label {labels[c]}: PyTorch {trained}, rnn {rnn}");
                Assert.NotEqual((double)pytorch["before"]![n]![c]!, trained);
            }
    }

    [Fact]
    public void A_language_model_trained_further_in_pytorch_comes_back_and_generates_what_pytorch_computed()
    {
        string exported = scratch.PathOf("exported"), state = scratch.PathOf("state.safetensors"), imported = scratch.PathOf("imported");
        RnnProcess.Succeeds(["export", models.LanguageModel, "--pytorch", exported], scratch.Root);
        var pytorch = TorchPython.JsonLines(TorchPython.Run("train_in_pytorch.py", exported, state)).Single();

        RnnProcess.Succeeds(["import", "--pytorch", state, "--config", Path.Combine(exported, "config.json"), "--out", imported], scratch.Root);
        var generated = RnnProcess.Succeeds(["generate", imported, "--prime", PyTorchExport.LanguageModelPrime, "--temperature", "0", "--length", "20"],
            scratch.Root);

        var model = TrainedLanguageModel.Load(imported);
        string greedy = string.Concat(pytorch["after"]!["greedy"]!.AsArray().Select(id => model.Vocabulary.TokenAt((int)id!)));
        Assert.Equal(PyTorchExport.LanguageModelPrime + greedy + "\n", generated.Output);
        AssertLogProbabilities(TrainedLanguageModel.Load(models.LanguageModel), pytorch["before"]!["log_probabilities"]!.Deserialize<float[]>()!);
        AssertLogProbabilities(model, pytorch["after"]!["log_probabilities"]!.Deserialize<float[]>()!);
    }

    [Fact]
    public void Import_without_config_is_a_usage_error_naming_the_option()
    {
        string error = RnnProcess.FailsWithUsageError(["import", "--pytorch", "state.safetensors", "--out", scratch.PathOf("imported")], scratch.Root);

        Assert.Equal("error: --config FILE is required with --pytorch: the config.json that rnn export --pytorch wrote beside model.py.", error);
    }

    [Fact]
    public void Export_refuses_another_tasks_model_and_both_formats_at_once()
    {
        string tagger = RnnProcess.FailsWithUsageError(["export", models.Tagger, "--pytorch", scratch.PathOf("tagger")], scratch.Root);
        string both = RnnProcess.FailsWithUsageError(["export", models.Classifier, "--pytorch", scratch.PathOf("both"), "--onnx", scratch.PathOf("both.onnx")],
            scratch.Root);

        Assert.Equal($"error: --pytorch: {models.Tagger} is a 'tagging' model; {PyTorchExport.Exportable}.", tagger);
        Assert.Equal("error: --pytorch: give --onnx FILE or --pytorch OUTDIR, not both; run rnn export once for each.", both);
        Assert.Empty(Directory.GetFileSystemEntries(scratch.Root));
    }

    [Fact]
    public void Import_of_a_state_dict_of_another_model_lists_the_tensors_that_do_not_fit()
    {
        string exported = scratch.PathOf("exported"), imported = scratch.PathOf("imported");
        RnnProcess.Succeeds(["export", models.Classifier, "--pytorch", exported], scratch.Root);
        string languageModelWeights = Path.Combine(models.LanguageModel, "model.safetensors");

        string error = RnnProcess.FailsWithUsageError(["import", "--pytorch", languageModelWeights, "--config", Path.Combine(exported, "config.json"),
            "--out", imported], scratch.Root);

        Assert.StartsWith($"error: {languageModelWeights}: the state dict does not fit the model {exported}/config.json describes (was it trained " +
                          "from the model.py exported with it?): ", error);
        Assert.Contains("; missing encoder.weight_ih_l0: the model expects [128, 32]; ", error);
        Assert.Contains("; unexpected rnn.weight_ih_l0 [256, 64]: the model has no such parameter", error);
        Assert.False(Directory.Exists(imported));
    }

    /// <summary>The model's log-probabilities of the token after the prime equal PyTorch's to 1e-5.</summary>
    private static void AssertLogProbabilities(TrainedLanguageModel model, float[] pytorch)
    {
        int[] ids = model.Encode(PyTorchExport.LanguageModelPrime);
        Tensor logProbabilities;
        using (Tape.NoGrad())
            logProbabilities = Ops.LogSoftmax(model.Network.Forward(ids, 1, ids.Length).Logits).Value; // [T, V]
        int vocabulary = model.Vocabulary.Count;
        Assert.Equal(vocabulary, pytorch.Length);
        var last = logProbabilities.ReadOnlySpan.Slice((ids.Length - 1) * vocabulary, vocabulary);
        for (int v = 0; v < vocabulary; v++)
            Assert.True(Math.Abs(last[v] - pytorch[v]) <= 1e-5f, $"token {v}: rnn {last[v]}, PyTorch {pytorch[v]}");
    }
}
