using System.Text.Json.Nodes;
using Recurrent.Interop;
using Recurrent.Recurrence;
using Recurrent.Tasks.Classification;
using Recurrent.Tasks.LanguageModel;
using Recurrent.Tests.EndToEnd;
using Recurrent.Text;
using ModelDirectory = Recurrent.Serialization.ModelDirectory;

namespace Recurrent.Tests.Interop;

/// <summary>What <see cref="PyTorchExport"/> writes for a classifier and a language model, and the models it refuses.</summary>
public sealed class PyTorchExportTests : IDisposable
{
    private readonly ScratchDirectory scratch = new("pytorch-export");

    public void Dispose() => scratch.Dispose();

    [Fact]
    public void A_classifier_export_holds_the_module_its_weights_config_vocabulary_encoded_examples_and_load_example()
    {
        string model = SaveClassifier(new TextClassifierOptions { VocabularySize = 6, ClassCount = 2, EmbeddingDimension = 3, HiddenSize = 2 });
        string exported = scratch.PathOf("exported");

        var files = PyTorchExport.Write(model, exported);

        Assert.Equal(["model.py", "model.safetensors", "config.json", "vocab.txt", "examples.json", "load.py"], files);
        Assert.Equal(files.Order(), Directory.GetFiles(exported).Select(Path.GetFileName).Order());
        Assert.Equal(PyTorchExport.Template("model.py"), File.ReadAllText(Path.Combine(exported, "model.py")));
        Assert.Equal(PyTorchExport.Template("load_classification.py"), File.ReadAllText(Path.Combine(exported, "load.py")));
        foreach (string copied in new[] { "model.safetensors", "config.json", "vocab.txt" })
            Assert.Equal(File.ReadAllBytes(Path.Combine(model, copied)), File.ReadAllBytes(Path.Combine(exported, copied)));
        var reader = TextClassificationModel.Load(model).Recurrent!;
        var examples = JsonNode.Parse(File.ReadAllText(Path.Combine(exported, "examples.json")))!.AsArray();
        Assert.Equal(PyTorchExport.ClassifierExamples, examples.Select(e => (string)e!["text"]!));
        Assert.Equal(PyTorchExport.ClassifierExamples.Select(text => reader.Read(text).Ids),
            examples.Select(e => e!["ids"]!.AsArray().Select(id => (int)id!).ToArray()));
    }

    [Fact]
    public void A_language_model_export_holds_the_prime_as_its_tokenizer_encodes_it()
    {
        var options = new LanguageModelOptions { VocabularySize = 6, EmbeddingDimension = 3, HiddenSize = 2, NumLayers = 1 };
        var network = new RecurrentLanguageModel(options, new Rng(3));
        var trained = new TrainedLanguageModel(network, new Vocabulary([Vocabulary.PadToken, Vocabulary.UnknownToken, "T", "h", "e", " "]));
        trained.Save(scratch.PathOf("lm"));

        PyTorchExport.Write(scratch.PathOf("lm"), scratch.PathOf("exported"));

        var prime = JsonNode.Parse(File.ReadAllText(scratch.PathOf("exported/examples.json")))!.AsArray().Single()!;
        Assert.Equal("The ", (string)prime["text"]!);
        Assert.Equal([2, 3, 4, 5], prime["ids"]!.AsArray().Select(id => (int)id!));
        Assert.Equal(PyTorchExport.Template("load_language_model.py"), File.ReadAllText(scratch.PathOf("exported/load.py")));
    }

    [Theory]
    [InlineData(MergeMode.Sum)]
    [InlineData(MergeMode.Average)]
    public void A_bidirectional_encoder_that_does_not_concatenate_is_refused_saying_why_and_nothing_is_written(MergeMode merge)
    {
        string model = SaveClassifier(Options with { Bidirectional = true, Merge = merge });

        var refusal = Assert.Throws<PyTorchExportException>(() => PyTorchExport.Write(model, scratch.PathOf("exported")));

        Assert.Equal($"{model}: its bidirectional encoder merges the directions by {merge.ToString().ToLowerInvariant()}; model.py concatenates " +
                     $"them, as torch.nn does; {PyTorchExport.Exportable}.", refusal.Message);
        Assert.Equal(["model"], Directory.GetFileSystemEntries(scratch.Root).Select(Path.GetFileName));
    }

    [Fact]
    public void A_directory_that_holds_files_is_not_overwritten()
    {
        string model = SaveClassifier(Options);
        string exported = scratch.Write("exported/notes.txt", "mine");

        var refusal = Assert.Throws<IOException>(() => PyTorchExport.Write(model, scratch.PathOf("exported")));

        Assert.Contains("already exists and is not empty", refusal.Message);
        Assert.Equal(["notes.txt"], Directory.GetFiles(scratch.PathOf("exported")).Select(Path.GetFileName));
        Assert.Equal("mine", File.ReadAllText(exported));
    }

    private static TextClassifierOptions Options => new() { VocabularySize = 6, ClassCount = 2, EmbeddingDimension = 3, HiddenSize = 2 };

    private string SaveClassifier(TextClassifierOptions options)
    {
        string directory = scratch.PathOf("model");
        var vocabulary = new Vocabulary([Vocabulary.PadToken, Vocabulary.UnknownToken, "i", "loved", "it", "."]);
        TextClassificationModel.FromNetwork(new TextClassifier(options, new Rng(5)), vocabulary, new TextPreprocessing(), ["bad", "good"]).Save(directory);
        Assert.True(File.Exists(Path.Combine(directory, ModelDirectory.WeightsFileName)));
        return directory;
    }
}
