using System.Buffers.Binary;
using System.Text;
using System.Text.Json.Nodes;

namespace Recurrent.Tests.EndToEnd;

/// <summary>
/// A language-model directory with damaged weights, vocabulary or config (issue 12, item 7): <c>summary</c>, <c>generate</c>
/// and <c>evaluate</c> load it the same way and each refuses it before printing anything, with one line that names the file
/// or field, exit code 2. The classifier's summary, too, loads before it prints.
/// </summary>
[Collection(ParallelEndToEndCollection.Name)]
public sealed class DamagedLanguageModelEndToEndTests(TrainedModels models) : IDisposable
{
    private readonly ScratchDirectory scratch = new("damaged-lm");

    public void Dispose() => scratch.Dispose();

    [Theory]
    [InlineData("empty weights", "model.safetensors")]
    [InlineData("truncated weights", "model.safetensors")]
    [InlineData("header length of 2 GB", "model.safetensors")]
    [InlineData("overlapping offsets", "model.safetensors")]
    [InlineData("negative shape", "model.safetensors")]
    [InlineData("nan weight", "model.safetensors: tensor '")]
    [InlineData("weights of another size", "model.safetensors")]
    [InlineData("vocabulary shorter than the embedding", "vocab.txt")]
    [InlineData("vocabulary longer than the embedding", "vocab.txt")]
    [InlineData("missing vocabulary", "config.json refers to 'vocab.txt', which is not in the model directory")]
    [InlineData("hidden_size -5", "config.json: architecture.hidden_size: The hidden size (--hidden) must be at least 1, got -5.")]
    [InlineData("cell transformer", "config.json: architecture.cell")]
    public void Every_command_refuses_the_damaged_model_naming_what_is_wrong(string damage, string named)
    {
        string model = Damaged(damage);
        string text = scratch.Write("text.txt", "ROMEO: What light through yonder window breaks?\n");
        foreach (string[] args in new[] { ["summary", model], ["generate", model, "--length", "20"], new[] { "evaluate", model, "--data", text } })
        {
            var run = RnnProcess.Run(args, scratch.Root);
            string message = run.UsageError(args);
            Assert.True(message.Contains(named, StringComparison.Ordinal), $"'{named}' is not named\n{run.Describe(args)}");
            Assert.Equal("", run.Output);
        }
    }

    [Fact]
    public void Summary_of_a_classifier_with_truncated_weights_prints_nothing_but_the_error()
    {
        string model = scratch.PathOf("classifier");
        TrainedModels.Copy(models.Classifier, model);
        string weights = Path.Combine(model, "model.safetensors");
        File.WriteAllBytes(weights, File.ReadAllBytes(weights)[..1000]);

        string[] args = ["summary", model];
        var run = RnnProcess.Run(args, scratch.Root);
        Assert.Contains("model.safetensors", run.UsageError(args));
        Assert.Equal("", run.Output);
    }

    /// <summary>A copy of the trained language model with <paramref name="damage"/> done to it.</summary>
    private string Damaged(string damage)
    {
        string model = scratch.PathOf("model");
        TrainedModels.Copy(models.LanguageModel, model);
        string weights = Path.Combine(model, "model.safetensors"), vocabulary = Path.Combine(model, "vocab.txt");
        byte[] bytes = File.ReadAllBytes(weights);
        switch (damage)
        {
            case "empty weights":
                File.WriteAllBytes(weights, []);
                break;
            case "truncated weights":
                File.WriteAllBytes(weights, bytes[..(bytes.Length / 2)]);
                break;
            case "header length of 2 GB":
                BinaryPrimitives.WriteUInt64LittleEndian(bytes, 1UL << 31);
                File.WriteAllBytes(weights, bytes);
                break;
            case "overlapping offsets":
                RewriteHeader(weights, header =>
                {
                    var tensors = header.Where(t => t.Key != "__metadata__").Select(t => t.Value!.AsObject()).ToList();
                    var first = tensors.First(t => (long)t["data_offsets"]![1]! - (long)t["data_offsets"]![0]! >= 8);
                    var second = tensors.First(t => t != first);
                    long start = (long)first["data_offsets"]![0]!, length = (long)second["data_offsets"]![1]! - (long)second["data_offsets"]![0]!;
                    second["data_offsets"] = new JsonArray(start + 4, start + 4 + length);
                });
                break;
            case "negative shape":
                RewriteHeader(weights, header =>
                {
                    var shape = header.First(t => t.Key != "__metadata__").Value!["shape"]!.AsArray();
                    shape[0] = -(long)shape[0]!;
                });
                break;
            case "nan weight":
                BitConverter.GetBytes(float.NaN).CopyTo(bytes, 8 + BinaryPrimitives.ReadInt64LittleEndian(bytes));
                File.WriteAllBytes(weights, bytes);
                break;
            case "weights of another size":
                EditArchitecture(model, "hidden_size", 32);
                break;
            case "vocabulary shorter than the embedding":
                File.WriteAllLines(vocabulary, File.ReadAllLines(vocabulary).Where(l => l.Length > 0).SkipLast(1));
                break;
            case "vocabulary longer than the embedding":
                File.AppendAllText(vocabulary, "an extra token\n");
                break;
            case "missing vocabulary":
                File.Delete(vocabulary);
                break;
            case "hidden_size -5":
                EditArchitecture(model, "hidden_size", -5);
                break;
            case "cell transformer":
                EditArchitecture(model, "cell", "transformer");
                break;
            default:
                throw new ArgumentException($"unknown damage '{damage}'", nameof(damage));
        }
        return model;
    }

    /// <summary>Rewrites the JSON header of a safetensors file (its length changes with it); the data stays as it was.</summary>
    private static void RewriteHeader(string path, Action<JsonObject> edit)
    {
        byte[] bytes = File.ReadAllBytes(path);
        int length = (int)BinaryPrimitives.ReadInt64LittleEndian(bytes);
        var header = JsonNode.Parse(Encoding.UTF8.GetString(bytes, 8, length))!.AsObject();
        edit(header);
        byte[] newHeader = Encoding.UTF8.GetBytes(header.ToJsonString());
        var rewritten = new byte[8 + newHeader.Length + bytes.Length - 8 - length];
        BinaryPrimitives.WriteInt64LittleEndian(rewritten, newHeader.Length);
        newHeader.CopyTo(rewritten, 8);
        bytes.AsSpan(8 + length).CopyTo(rewritten.AsSpan(8 + newHeader.Length));
        File.WriteAllBytes(path, rewritten);
    }

    private static void EditArchitecture(string model, string field, JsonNode value)
    {
        string path = Path.Combine(model, "config.json");
        var config = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        config["architecture"]![field] = value;
        File.WriteAllText(path, config.ToJsonString());
    }
}
