using System.Text.Json.Nodes;
using Recurrent.Recurrence;
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
        SaveClassifier();
        string configPath = Path.Combine(directory, ModelDirectory.ConfigFileName);
        var config = JsonNode.Parse(File.ReadAllText(configPath))!;
        config["vocabulary"] = JsonNode.Parse(vocabulary);
        File.WriteAllText(configPath, config.ToJsonString());

        var error = Assert.Throws<ModelFormatException>(() => TextClassificationModel.Load(directory));

        Assert.Contains("'vocabulary' must be the name of a file in the model directory", error.Message);
    }

    [Theory]
    [InlineData("hidden_size", 20_000)]
    [InlineData("num_layers", 5_000)]
    public void A_size_beyond_the_weights_is_refused_before_the_network_is_built(string field, int value)
    {
        SaveClassifier();
        string configPath = Path.Combine(directory, ModelDirectory.ConfigFileName);
        var config = JsonNode.Parse(File.ReadAllText(configPath))!;
        config["architecture"]![field] = value;
        File.WriteAllText(configPath, config.ToJsonString());
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var error = Assert.Throws<ModelFormatException>(() => TextClassificationModel.Load(directory));

        Assert.Contains("parameters, but model.safetensors holds", error.Message);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"took {clock.Elapsed}");
    }

    [Theory]
    [InlineData("architecture", "dense_layers", "null", "DenseLayers must be a list of widths")]
    [InlineData("preprocessing", "max_length", "-1", "TextPreprocessing.MaxLength must be at least 1, got -1")]
    [InlineData("architecture", "num_layers", "2147483647", "parameters, but model.safetensors holds")]
    public void A_config_value_that_cannot_work_is_refused_on_load_naming_it(string section, string field, string value, string expected)
    {
        SaveClassifier();
        string configPath = Path.Combine(directory, ModelDirectory.ConfigFileName);
        var config = JsonNode.Parse(File.ReadAllText(configPath))!;
        config[section]![field] = JsonNode.Parse(value);
        File.WriteAllText(configPath, config.ToJsonString());
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var error = Assert.Throws<ModelFormatException>(() => TextClassificationModel.Load(directory));

        Assert.Contains(expected, error.Message);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"took {clock.Elapsed}");
    }

    [Theory]
    [InlineData("labels")]
    [InlineData("architecture")]
    [InlineData("created")]
    [InlineData("name")]
    public void A_config_escaping_a_lone_surrogate_is_a_model_format_error(string entry)
    {
        SaveClassifier();
        string configPath = Path.Combine(directory, ModelDirectory.ConfigFileName);
        var config = JsonNode.Parse(File.ReadAllText(configPath))!;
        if (entry == "labels") config["labels"] = new JsonArray("neg", "SURROGATE");
        else if (entry == "architecture") config["architecture"]!["cell"] = "SURROGATE";
        else if (entry == "created") config["created"] = "SURROGATE";
        else config["notesSURROGATE"] = 1;
        File.WriteAllText(configPath, config.ToJsonString().Replace("SURROGATE", "\\ud800"));

        var error = Assert.Throws<ModelFormatException>(() => TextClassificationModel.Load(directory));

        Assert.Contains("config.json: the file escapes a lone UTF-16 surrogate", error.Message);
    }

    [Fact]
    public void A_baseline_whose_labels_outnumber_its_classes_is_a_model_format_error()
    {
        var classifier = TfIdfClassifier.Fit(["a good movie", "a bad movie"], [1, 0]);
        TextClassificationModel.FromBaseline(classifier, ["neg", "pos"]).Save(directory);
        string configPath = Path.Combine(directory, ModelDirectory.ConfigFileName);
        var config = JsonNode.Parse(File.ReadAllText(configPath))!;
        config["labels"] = new JsonArray("neg", "pos", "neutral");
        File.WriteAllText(configPath, config.ToJsonString());

        var error = Assert.Throws<ModelFormatException>(() => TextClassificationModel.Load(directory));

        Assert.Contains("labels: 3 labels, but the weights score 2 classes", error.Message);
    }

    [Theory]
    [InlineData(false, "max", 0)]
    [InlineData(true, "attention", 2)]
    public void The_parameter_count_from_the_options_is_the_built_networks(bool bidirectional, string pooling, int denseLayers)
    {
        var options = new TextClassifierOptions
        {
            VocabularySize = 9, ClassCount = 3, EmbeddingDimension = 4, HiddenSize = 5, NumLayers = 2, Bidirectional = bidirectional,
            Pooling = Enum.Parse<Pooling>(pooling, ignoreCase: true), AttentionSize = 3, DenseLayers = [.. Enumerable.Range(2, denseLayers)],
            Cell = CellKind.Gru,
        };
        Assert.Equal(new TextClassifier(options, new Rng(1)).ParameterCount(), TextClassifier.CountParameters(options));
        var concat = options with { PretrainedMode = PretrainedMode.Concat, PretrainedDimension = 6, Cell = CellKind.Jordan };
        Assert.Equal(new TextClassifier(concat, new Rng(1)).ParameterCount(), TextClassifier.CountParameters(concat));
    }

    [Theory]
    [InlineData(MergeMode.Sum)]
    [InlineData(MergeMode.Average)]
    [InlineData(MergeMode.Concat)]
    public void The_parameter_count_follows_the_merge_mode_of_a_stacked_bidirectional_encoder(MergeMode merge)
    {
        // Layers above the first read the merged output: H features for sum, 2·H for concat; so do the dense and output layers.
        var options = new TextClassifierOptions
        {
            VocabularySize = 9, ClassCount = 3, EmbeddingDimension = 4, HiddenSize = 5, NumLayers = 3, Bidirectional = true, Merge = merge,
            DenseLayers = [6], Cell = CellKind.Lstm,
        };
        Assert.Equal(new TextClassifier(options, new Rng(1)).ParameterCount(), TextClassifier.CountParameters(options));
    }

    [Fact]
    public void Merge_initialisation_and_forget_bias_are_saved_and_read_back()
    {
        var words = Vocabulary.Build([["good", "bad"]]);
        var options = new TextClassifierOptions
        {
            VocabularySize = words.Count, ClassCount = 2, EmbeddingDimension = 2, HiddenSize = 3, NumLayers = 2, Bidirectional = true,
            Merge = MergeMode.Multiply, InputWeightInit = WeightInit.XavierUniform, RecurrentWeightInit = WeightInit.Orthogonal, ForgetGateBiasOne = true,
        };
        TextClassificationModel.FromNetwork(new TextClassifier(options, new Rng(1)), words, new TextPreprocessing(), ["neg", "pos"]).Save(directory);

        var architecture = JsonNode.Parse(File.ReadAllText(Path.Combine(directory, "config.json")))!["architecture"]!;
        Assert.Equal("multiply", (string?)architecture["merge"]);
        Assert.Equal("xavier_uniform", (string?)architecture["input_weight_init"]);
        Assert.Equal("orthogonal", (string?)architecture["recurrent_weight_init"]);
        Assert.True((bool)architecture["forget_gate_bias_one"]!);
        Assert.Equal(2, TextClassificationModel.Load(directory).Predict(["good"])[0].Probabilities.Count);
    }

    private void SaveClassifier()
    {
        var words = Vocabulary.Build([["good", "bad"]]);
        var network = new TextClassifier(new TextClassifierOptions { VocabularySize = words.Count, ClassCount = 2, EmbeddingDimension = 2, HiddenSize = 2 }, new Rng(1));
        TextClassificationModel.FromNetwork(network, words, new TextPreprocessing(), ["neg", "pos"]).Save(directory);
    }

    public void Dispose()
    {
        if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
    }
}
