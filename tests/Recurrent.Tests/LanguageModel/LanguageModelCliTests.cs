using System.Text.Json.Nodes;
using Recurrent.Tests.Cli;

namespace Recurrent.Tests.LanguageModel;

[Collection(CliCollection.Name)]
public class LanguageModelCliTests : IDisposable
{
    private readonly string root = LanguageModelFixture.TemporaryDirectory();

    public LanguageModelCliTests() => Directory.CreateDirectory(root);

    public void Dispose() => Directory.Delete(root, recursive: true);

    private string TextFile(string text, string name = "text.txt")
    {
        string path = Path.Combine(root, name);
        File.WriteAllText(path, text);
        return path;
    }

    private string TinyModel()
    {
        string data = TextFile(string.Concat(Enumerable.Repeat(LanguageModelFixture.Text, 12)));
        string model = Path.Combine(root, "model");
        var run = CliRun.Of("train", "lm", "--data", data, "--layers", "1", "--hidden", "16", "--embedding-dim", "8", "--seq-length", "20",
            "--batch-size", "4", "--epochs", "2", "--out", model);
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains("validation:", run.Output);
        Assert.Contains("bits/char", run.Output);
        return model;
    }

    [Fact]
    public void Train_lm_saves_a_model_that_generates_and_evaluates()
    {
        string model = TinyModel();
        foreach (var file in new[] { "config.json", "model.safetensors", "vocab.txt", "metrics.jsonl" })
            Assert.True(File.Exists(Path.Combine(model, file)), file);

        var generate = CliRun.Of("generate", model, "--prime", "All:", "--length", "40", "--seed", "5");
        Assert.Equal(0, generate.ExitCode);
        Assert.StartsWith("All:", generate.Output);
        Assert.Equal(generate.Output, CliRun.Of("generate", model, "--prime", "All:", "--length", "40", "--seed", "5").Output);
        Assert.Equal(0, CliRun.Of("generate", model, "--beam", "3", "--length", "20").ExitCode);

        var evaluate = CliRun.Of("evaluate", model, "--data", TextFile(LanguageModelFixture.Text, "held_out.txt"), "--json");
        Assert.Equal(0, evaluate.ExitCode);
        var json = JsonNode.Parse(evaluate.Output)!;
        double loss = (double)json["loss"]!;
        Assert.Equal(loss / Math.Log(2), (double)json["bits_per_char"]!, 9);
        Assert.Equal(Math.Exp(loss), (double)json["perplexity"]!, 9);
    }

    [Fact]
    public void Training_over_an_existing_model_needs_overwrite_or_resume()
    {
        string model = TinyModel();
        var again = CliRun.Of("train", "lm", "--data", TextFile("abc abc abc abc abc abc"), "--out", model);
        Assert.Equal(2, again.ExitCode);
        Assert.Contains("--overwrite", again.Error);
    }

    [Fact]
    public void A_missing_text_file_is_a_one_line_error()
    {
        var run = CliRun.Of("train", "lm", "--data", Path.Combine(root, "nope.txt"), "--out", Path.Combine(root, "m"));
        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("error: --data:", run.Error);
        Assert.Contains("nope.txt", run.Error);
        Assert.Single(run.Error.Trim().Split('\n'));
    }

    [Fact]
    public void An_empty_text_is_a_one_line_error()
    {
        var run = CliRun.Of("train", "lm", "--data", TextFile("  \n"), "--out", Path.Combine(root, "m"));
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("is empty", run.Error);
        Assert.Single(run.Error.Trim().Split('\n'));
    }

    [Fact]
    public void Generating_from_a_directory_that_is_not_a_model_says_so()
    {
        var missing = CliRun.Of("generate", Path.Combine(root, "no-model"));
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("not a model directory", missing.Error);

        var empty = CliRun.Of("generate", root);
        Assert.Equal(2, empty.ExitCode);
        Assert.Contains("config.json", empty.Error);
    }
}
