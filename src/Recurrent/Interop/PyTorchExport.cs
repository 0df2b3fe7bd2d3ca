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
/// Cells with a torch.nn module only: LSTM, GRU (PyTorch's reset-after form) and Elman (tanh or ReLU), bidirectional ones
/// concatenating their directions; the others are refused with a <see cref="PyTorchExportException"/>.
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
    public const string Exportable = "--pytorch exports recurrent text classifiers and language models with LSTM, GRU or rnn (tanh, relu) cells so far";

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
    /// Refuses a recurrent layer that no torch.nn module computes: Jordan and reset-before GRU cells, Elman cells with σ or the
    /// identity, and bidirectional layers that merge their directions other than by concatenation.
    /// </summary>
    public static void RequireTorchLayer(string modelDirectory, CellKind cell, Nonlinearity nonlinearity, bool bidirectional, MergeMode merge)
    {
        string? problem = cell switch
        {
            CellKind.Lstm or CellKind.Gru => null,
            CellKind.Elman when nonlinearity is Nonlinearity.Tanh or Nonlinearity.Relu => null,
            CellKind.Elman => $"its rnn cell uses {nonlinearity.ToString().ToLowerInvariant()}, which nn.RNN does not offer (tanh, relu)",
            CellKind.GruResetBefore => "its gru_reset_before cell has no torch.nn module (nn.GRU applies the reset after the recurrent product)",
            _ => $"its {RecurrentCells.NameOf(cell)} cell has no torch.nn module",
        };
        if (problem is null && bidirectional && merge != MergeMode.Concat)
            problem = $"its bidirectional encoder merges the directions by {merge.ToString().ToLowerInvariant()}; torch.nn concatenates them";
        if (problem is not null) throw new PyTorchExportException($"{modelDirectory}: {problem}; {Exportable}.");
    }

    private static JsonArray ClassifierExamplesOf(string modelDirectory)
    {
        var model = TextClassificationModel.Load(modelDirectory);
        if (model.Recurrent is not { } classifier)
            throw new PyTorchExportException($"{modelDirectory} is a {model.Kind} baseline, not a recurrent network; {Exportable}.");
        var options = classifier.Network.Options;
        RequireTorchLayer(modelDirectory, options.Cell, options.Nonlinearity, options.Bidirectional, options.Merge);
        return new JsonArray(ClassifierExamples.Select(text => (JsonNode)Example(text, classifier.Read(text).Ids)).ToArray());
    }

    private static JsonArray LanguageModelExampleOf(string modelDirectory)
    {
        var model = TrainedLanguageModel.Load(modelDirectory);
        var options = model.Network.Options;
        RequireTorchLayer(modelDirectory, options.Cell, options.Nonlinearity, bidirectional: false, MergeMode.Concat);
        return [Example(LanguageModelPrime, model.Encode(LanguageModelPrime))];
    }

    private static JsonObject Example(string text, int[] ids) => new()
    {
        ["text"] = text,
        ["ids"] = new JsonArray(ids.Select(id => (JsonNode)JsonValue.Create(id)).ToArray()),
    };
}
