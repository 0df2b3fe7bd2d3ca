using System.Text.Json.Nodes;

namespace Recurrent.Tests.EndToEnd;

/// <summary>
/// A classifier's config.json with a value this version cannot use (issue 12, items 6 and 9): every command that loads the
/// model names the field and what it must hold, exit code 2, no stack trace.
/// </summary>
[Collection(ParallelEndToEndCollection.Name)]
public sealed class DamagedConfigEndToEndTests(TrainedModels models) : IDisposable
{
    private readonly ScratchDirectory scratch = new("config");

    public void Dispose() => scratch.Dispose();

    [Theory]
    [InlineData("architecture", "cell", "\"transformer\"", "architecture.cell: \"transformer\" is not one of rnn, lstm, gru, jordan, gru_reset_before, lstm_peephole")]
    [InlineData("architecture", "pooling", "\"median\"", "architecture.pooling: \"median\" is not one of last, mean, max, attention")]
    [InlineData("architecture", "hidden_size", "\"abc\"", "architecture.hidden_size: \"abc\" is not a whole number")]
    [InlineData("architecture", "hidden_size", "-5", "HiddenSize must be positive, but is -5")]
    [InlineData("architecture", "kind", "3", "architecture.kind is missing or not a string")]
    [InlineData(null, "labels", "[\"1\", \"1\"]", "labels: '1' is listed twice")]
    [InlineData(null, "labels", "[1, 0]", "labels: 1 is not a string")]
    public void A_value_that_does_not_fit_is_named_by_every_command(string? section, string field, string json, string expected)
    {
        string model = scratch.PathOf("model");
        TrainedModels.Copy(models.Classifier, model);
        string configPath = Path.Combine(model, "config.json");
        var config = JsonNode.Parse(File.ReadAllText(configPath))!.AsObject();
        var owner = section is null ? config : config[section]!.AsObject();
        owner[field] = JsonNode.Parse(json);
        File.WriteAllText(configPath, config.ToJsonString());

        foreach (string[] args in new[] { ["summary", model], ["predict", model, "good food"], new[] { "evaluate", model, "--data", BundledData.Yelp } })
        {
            string message = RnnProcess.FailsWithUsageError(args, scratch.Root);
            Assert.Contains("config.json", message);
            Assert.Contains(expected, message);
        }
    }
}

/// <summary>Weights with a NaN are refused on load, naming the tensor (issue 12, item 8), for the classifier and the language model.</summary>
[Collection(ParallelEndToEndCollection.Name)]
public sealed class NonFiniteWeightsEndToEndTests(TrainedModels models) : IDisposable
{
    private readonly ScratchDirectory scratch = new("nan");

    public void Dispose() => scratch.Dispose();

    [Fact]
    public void A_classifier_with_a_nan_weight_is_refused_by_every_command()
    {
        string model = WithNanWeight(models.Classifier);
        foreach (string[] args in new[] { ["summary", model], ["predict", model, "good food"], new[] { "evaluate", model, "--data", BundledData.Yelp } })
            AssertRefused(args);
    }

    [Fact]
    public void A_language_model_with_a_nan_weight_is_refused()
    {
        string model = WithNanWeight(models.LanguageModel);
        AssertRefused(["generate", model, "--length", "20"]);
    }

    private void AssertRefused(string[] args)
    {
        string message = RnnProcess.FailsWithUsageError(args, scratch.Root);
        Assert.Contains("model.safetensors: tensor '", message);
        Assert.Contains("is NaN, not a finite number", message);
    }

    /// <summary>A copy of <paramref name="source"/> whose first stored float (the start of safetensors' data section) is NaN.</summary>
    private string WithNanWeight(string source)
    {
        string model = scratch.PathOf(Path.GetFileName(source) + "-nan");
        TrainedModels.Copy(source, model);
        string weights = Path.Combine(model, "model.safetensors");
        byte[] bytes = File.ReadAllBytes(weights);
        long dataStart = 8 + BitConverter.ToInt64(bytes, 0); // u64 header length, then the JSON header, then the data
        BitConverter.GetBytes(float.NaN).CopyTo(bytes, dataStart);
        File.WriteAllBytes(weights, bytes);
        return model;
    }
}
