using System.Text.Json.Nodes;
using Recurrent.Recurrence;
using Recurrent.Serialization;
using Recurrent.Tasks.Classification;
using Recurrent.Tasks.LanguageModel;

namespace Recurrent.Interop;

/// <summary>
/// A saved recurrent text classifier or language model as a PyTorch module, in a new directory (written at once, see
/// <see cref="StagedDirectory"/>):
/// <list type="bullet">
/// <item><c>model.py</c>: the tasks' <c>torch.nn.Module</c>s, built from config.json's architecture, whose modules and parameters carry
/// the names of Recurrent's state dict (nn.LSTM, nn.GRU and nn.RNN use PyTorch's own weight layout), so
/// <c>load_state_dict(strict=True)</c> takes the weights as they are; with a safetensors reader and writer;</item>
/// <item><c>model.safetensors</c>, <c>config.json</c> and the vocabulary: copies of the model directory's;</item>
/// <item><c>examples.json</c>: example texts with the token ids the model's own tokenizer and vocabulary make of them;</item>
/// <item><c>load.py</c>: the task's ten-line example that builds the module, loads the weights and runs it on the examples.</item>
/// </list>
/// Every cell: LSTM, GRU (PyTorch's reset-after form) and Elman with tanh or ReLU run as nn.LSTM, nn.GRU and nn.RNN; the
/// reset-before GRU, the LSTM with peepholes (its state (h, c) as nn.LSTM's), Jordan and Elman with σ or the identity as model.py's
/// StepwiseRecurrence, a loop over the steps with the same parameter names. Bidirectional encoders must concatenate their
/// directions; others are refused with a <see cref="PyTorchExportException"/>.
/// </summary>
public static class PyTorchExport
{
    public const string ModuleFile = "model.py";
    public const string LoadFile = "load.py";
    public const string ExamplesFile = "examples.json";

    /// <summary>The texts a classifier's examples.json holds: lengths differ, so load.py runs a padded batch.</summary>
    public static IReadOnlyList<string> ClassifierExamples { get; } =
        ["I loved it, and I would recommend it to anyone.", "Not worth the money."];

    /// <summary>The prime a language model's examples.json holds.</summary>
    public const string LanguageModelPrime = "The ";

    /// <summary>What <c>rnn export --pytorch</c> exports, for the refusals.</summary>
    public const string Exportable = "--pytorch exports recurrent text classifiers and language models so far";

    /// <summary>Writes the export of <paramref name="modelDirectory"/> into <paramref name="outputDirectory"/>, which must not exist or be empty.</summary>
    /// <returns>The files written, in the order listed above.</returns>
    public static IReadOnlyList<string> Write(string modelDirectory, string outputDirectory)
    {
        var model = ModelDirectory.Open(modelDirectory);
        string task = model.Config.Task;
        var (examples, loadTemplate) = task switch
        {
            TextClassificationModel.TaskName => (ClassifierExamplesOf(modelDirectory), "load_classification.py"),
            TrainedLanguageModel.TaskName => (LanguageModelExampleOf(modelDirectory), "load_language_model.py"),
            _ => throw new PyTorchExportException($"{modelDirectory} is a '{task}' model; {Exportable}."),
        };
        string vocabularyFile = model.Config.FileName("vocabulary", "vocab.txt");
        using var staged = new StagedDirectory(outputDirectory);
        AtomicFile.WriteAllText(staged.PathOf(ModuleFile), Template(ModuleFile));
        File.Copy(model.WeightsPath, staged.PathOf(ModelDirectory.WeightsFileName));
        File.Copy(model.ConfigPath, staged.PathOf(ModelDirectory.ConfigFileName));
        File.Copy(model.FilePath(vocabularyFile), staged.PathOf(vocabularyFile));
        // One example a line: readable, and the ids of a long text stay on its line.
        AtomicFile.WriteAllText(staged.PathOf(ExamplesFile), "[\n" + string.Join(",\n", examples.Select(e => "  " + e!.ToJsonString())) + "\n]\n");
        AtomicFile.WriteAllText(staged.PathOf(LoadFile), Template(loadTemplate));
        staged.Commit();
        return [ModuleFile, ModelDirectory.WeightsFileName, ModelDirectory.ConfigFileName, vocabularyFile, ExamplesFile, LoadFile];
    }

    /// <summary>The Python source of an embedded template (Interop/PyTorch/*.py), as it is written.</summary>
    public static string Template(string fileName)
    {
        using var stream = typeof(PyTorchExport).Assembly.GetManifestResourceStream($"Recurrent.Interop.PyTorch.{fileName}")
            ?? throw new InvalidOperationException($"The PyTorch template {fileName} is not embedded in {typeof(PyTorchExport).Assembly.GetName().Name}.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>
    /// Refuses a bidirectional layer that merges its directions other than by concatenation, the one way model.py joins them (as
    /// torch.nn does).
    /// </summary>
    public static void RequireConcatenatedDirections(string modelDirectory, bool bidirectional, MergeMode merge)
    {
        if (bidirectional && merge != MergeMode.Concat)
            throw new PyTorchExportException($"{modelDirectory}: its bidirectional encoder merges the directions by " +
                $"{merge.ToString().ToLowerInvariant()}; model.py concatenates them, as torch.nn does; {Exportable}.");
    }

    private static JsonArray ClassifierExamplesOf(string modelDirectory)
    {
        var model = TextClassificationModel.Load(modelDirectory);
        if (model.Recurrent is not { } classifier)
            throw new PyTorchExportException($"{modelDirectory} is a {model.Kind} baseline, not a recurrent network; {Exportable}.");
        var options = classifier.Network.Options;
        RequireConcatenatedDirections(modelDirectory, options.Bidirectional, options.Merge);
        return new JsonArray(ClassifierExamples.Select(text => (JsonNode)Example(text, classifier.Read(text).Ids)).ToArray());
    }

    private static JsonArray LanguageModelExampleOf(string modelDirectory)
    {
        var model = TrainedLanguageModel.Load(modelDirectory);
        return [Example(LanguageModelPrime, model.Encode(LanguageModelPrime))];
    }

    private static JsonObject Example(string text, int[] ids) => new()
    {
        ["text"] = text,
        ["ids"] = new JsonArray(ids.Select(id => (JsonNode)JsonValue.Create(id)).ToArray()),
    };
}
