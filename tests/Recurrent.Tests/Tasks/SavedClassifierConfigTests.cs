using System.Text.Json.Nodes;
using Recurrent.Serialization;
using Recurrent.Tasks.Classification;
using Recurrent.Text;

namespace Recurrent.Tests.Tasks;

/// <summary>A saved classifier whose config.json holds a value of the wrong kind gives a <see cref="ModelFormatException"/> naming the entry.</summary>
public sealed class SavedClassifierConfigTests : IDisposable
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), "recurrent-classifier-config-" + Guid.NewGuid().ToString("N"));

    [Theory]
    [InlineData("[\"a\", \"a\"]")]
    [InlineData("7")]
    public void A_vocabulary_entry_that_is_not_a_file_name_is_a_model_format_error(string vocabulary)
    {
        var words = Vocabulary.Build([["good", "bad"]]);
        var network = new TextClassifier(new TextClassifierOptions { VocabularySize = words.Count, ClassCount = 2, EmbeddingDimension = 2, HiddenSize = 2 }, new Rng(1));
        TextClassificationModel.FromNetwork(network, words, new TextPreprocessing(), ["neg", "pos"]).Save(directory);
        string configPath = Path.Combine(directory, ModelDirectory.ConfigFileName);
        var config = JsonNode.Parse(File.ReadAllText(configPath))!;
        config["vocabulary"] = JsonNode.Parse(vocabulary);
        File.WriteAllText(configPath, config.ToJsonString());

        var error = Assert.Throws<ModelFormatException>(() => TextClassificationModel.Load(directory));

        Assert.Contains("'vocabulary' must be the name of a file in the model directory", error.Message);
    }

    public void Dispose()
    {
        if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
    }
}
