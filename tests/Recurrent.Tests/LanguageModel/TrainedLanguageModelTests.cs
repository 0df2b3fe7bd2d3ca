using Recurrent.Decoding;
using Recurrent.Recurrence;
using Recurrent.Serialization;
using Recurrent.Tasks.LanguageModel;
using Recurrent.Text;

namespace Recurrent.Tests.LanguageModel;

public class TrainedLanguageModelTests
{
    private static string Generate(TrainedLanguageModel model, string? stop = null) =>
        string.Concat(model.Generate("All:", new SamplingOptions { MaxTokens = 80, Seed = 11 }, stop));

    [Fact]
    public void A_saved_and_loaded_model_generates_the_same_text()
    {
        var model = LanguageModelFixture.CharacterModel();
        model.Network.Eval();
        string directory = LanguageModelFixture.TemporaryDirectory();
        try
        {
            model.Save(directory);
            var loaded = TrainedLanguageModel.Load(directory);
            Assert.Equal(TrainedLanguageModel.TaskName, ModelDirectory.Open(directory).Config.Task);
            Assert.Equal(Generate(model), Generate(loaded));
            Assert.Equal(80, Generate(loaded).Length);
            Assert.Equal(model.BeamSearch("All:", new BeamSearchOptions { MaxTokens = 20 }), loaded.BeamSearch("All:", new BeamSearchOptions { MaxTokens = 20 }));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>The cell is written "rnn" (PyTorch's name, as before the rename to CellKind.Elman) and its activation beside it.</summary>
    [Fact]
    public void An_elman_model_saves_as_rnn_with_its_nonlinearity_and_loads_back()
    {
        var tokenizer = new LanguageModelTokenizer(TokenLevel.Character);
        var vocabulary = Vocabulary.Build([tokenizer.Tokenize(LanguageModelFixture.Text)]);
        var network = new RecurrentLanguageModel(new LanguageModelOptions
        {
            Cell = CellKind.Elman, Nonlinearity = Nonlinearity.Identity, VocabularySize = vocabulary.Count, EmbeddingDimension = 6, HiddenSize = 8, NumLayers = 1,
        }, new Rng(3));
        var model = new TrainedLanguageModel(network, vocabulary);
        string directory = LanguageModelFixture.TemporaryDirectory();
        try
        {
            model.Save(directory);
            string config = File.ReadAllText(Path.Combine(directory, "config.json"));
            Assert.Contains("\"cell\": \"rnn\"", config);
            Assert.Contains("\"nonlinearity\": \"identity\"", config);
            var loaded = TrainedLanguageModel.Load(directory);
            Assert.Equal(CellKind.Elman, loaded.Network.Options.Cell);
            Assert.Equal(Nonlinearity.Identity, loaded.Network.Options.Nonlinearity);
            Assert.Equal(Generate(model), Generate(loaded));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void Generation_ends_just_before_the_stop_string()
    {
        var model = LanguageModelFixture.CharacterModel();
        string full = Generate(model);
        int at = full.IndexOf('e');
        Assert.True(at >= 0, "the sample should contain an 'e' for this test to mean something");
        Assert.Equal(full[..at], Generate(model, stop: "e"));
    }

    [Fact]
    public void Padding_and_unknown_tokens_are_never_generated()
    {
        var model = LanguageModelFixture.CharacterModel();
        var text = string.Concat(model.Generate("", new SamplingOptions { MaxTokens = 300, Seed = 2, Temperature = 3f }));
        Assert.DoesNotContain("<pad>", text);
        Assert.DoesNotContain("<unk>", text);
    }

    [Fact]
    public void Loading_a_classifier_directory_says_it_is_not_a_language_model()
    {
        string directory = LanguageModelFixture.TemporaryDirectory();
        try
        {
            var network = LanguageModelFixture.Model();
            ModelDirectory.Save(directory, new ModelConfig("classification"), network);
            var error = Assert.Throws<ModelFormatException>(() => TrainedLanguageModel.Load(directory));
            Assert.Contains("not a language model", error.Message);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Theory]
    [InlineData("[\"a\", \"a\"]")]
    [InlineData("3")]
    [InlineData("{}")]
    public void A_vocabulary_entry_that_is_not_a_file_name_is_a_model_format_error(string vocabulary)
    {
        string directory = LanguageModelFixture.TemporaryDirectory();
        try
        {
            LanguageModelFixture.CharacterModel().Save(directory);
            string configPath = Path.Combine(directory, ModelDirectory.ConfigFileName);
            var config = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(configPath))!;
            config["vocabulary"] = System.Text.Json.Nodes.JsonNode.Parse(vocabulary);
            File.WriteAllText(configPath, config.ToJsonString());

            var error = Assert.Throws<ModelFormatException>(() => TrainedLanguageModel.Load(directory));

            Assert.Contains("'vocabulary' must be the name of a file in the model directory", error.Message);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Theory]
    [InlineData("hidden_size", 20_000)]
    [InlineData("num_layers", 5_000)]
    public void A_size_beyond_the_weights_is_refused_before_the_network_is_built(string field, int value)
    {
        string directory = LanguageModelFixture.TemporaryDirectory();
        try
        {
            LanguageModelFixture.CharacterModel().Save(directory);
            string configPath = Path.Combine(directory, ModelDirectory.ConfigFileName);
            var config = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(configPath))!;
            config["architecture"]![field] = value;
            File.WriteAllText(configPath, config.ToJsonString());
            var clock = System.Diagnostics.Stopwatch.StartNew();

            var error = Assert.Throws<ModelFormatException>(() => TrainedLanguageModel.Load(directory));

            Assert.Contains("parameters, but model.safetensors holds", error.Message);
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"took {clock.Elapsed}");
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void The_parameter_count_from_the_options_is_the_built_networks(bool tied)
    {
        var network = LanguageModelFixture.Model(tied: tied);
        Assert.Equal(network.ParameterCount(), RecurrentLanguageModel.CountParameters(network.Options));
    }
}
