using System.Text.Json;
using Recurrent.Tasks.Translation;
using Recurrent.Tests.Goldens;

namespace Recurrent.Tests.Translation;

/// <summary>
/// One PyTorch golden case for the decoder attention, loaded from <c>Translation/Goldens/attention_{kind}.json</c> (written by
/// <c>make_attention_goldens.py</c> beside it): encoder outputs, two steps of queries, the weights by PyTorch name, the loss
/// weights, and the expected contexts, attention weights, loss and gradients. Values are float64 in the file, float32 here.
/// </summary>
internal sealed class AttentionGoldenCase
{
    public required AttentionKind Kind { get; init; }
    public required int QuerySize { get; init; }
    public required int ValueSize { get; init; }
    public required int AttentionSize { get; init; }
    public required int[] Lengths { get; init; }

    /// <summary>h [B, S, D_h]; positions at or past a sentence's length hold random values that must be ignored.</summary>
    public required Tensor EncoderOutputs { get; init; }

    /// <summary>Decoder states [T, B, D_s], one query per step.</summary>
    public required Tensor Queries { get; init; }

    public required IReadOnlyDictionary<string, Tensor> Weights { get; init; }

    /// <summary>R_c [T, B, D_h] and R_a [T, B, S] in loss = Σ_t Σ c_t·R_c[t] + Σ_t Σ α_t·R_a[t].</summary>
    public required Tensor ContextLossWeights { get; init; }
    public required Tensor WeightLossWeights { get; init; }

    /// <summary>c [T, B, D_h] and α [T, B, S].</summary>
    public required Tensor ExpectedContexts { get; init; }
    public required Tensor ExpectedAttentionWeights { get; init; }
    public required double ExpectedLoss { get; init; }

    /// <summary>"encoder_outputs", "queries" and every parameter name.</summary>
    public required IReadOnlyDictionary<string, Tensor> ExpectedGradients { get; init; }

    public static IEnumerable<object[]> Names() =>
        new[] { "bahdanau", "luong_dot", "luong_general", "luong_concat" }.Select(kind => new object[] { kind });

    public static AttentionGoldenCase Load(string kind)
    {
        string path = Path.Combine(AppContext.BaseDirectory, "Translation", "Goldens", $"attention_{kind}.json");
        using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
        var root = doc.RootElement;
        var expected = root.GetProperty("expected");
        var lossWeights = root.GetProperty("loss_weights");
        return new AttentionGoldenCase
        {
            Kind = kind switch
            {
                "bahdanau" => AttentionKind.Bahdanau,
                "luong_dot" => AttentionKind.LuongDot,
                "luong_general" => AttentionKind.LuongGeneral,
                "luong_concat" => AttentionKind.LuongConcat,
                _ => throw new InvalidDataException($"Unknown attention kind '{kind}'."),
            },
            QuerySize = root.GetProperty("query_size").GetInt32(),
            ValueSize = root.GetProperty("value_size").GetInt32(),
            AttentionSize = root.GetProperty("attention_size").GetInt32(),
            Lengths = root.GetProperty("lengths").EnumerateArray().Select(e => e.GetInt32()).ToArray(),
            EncoderOutputs = GoldenCase.ToTensor(root.GetProperty("encoder_outputs")),
            Queries = GoldenCase.ToTensor(root.GetProperty("queries")),
            Weights = Map(root.GetProperty("weights")),
            ContextLossWeights = GoldenCase.ToTensor(lossWeights.GetProperty("contexts")),
            WeightLossWeights = GoldenCase.ToTensor(lossWeights.GetProperty("attention_weights")),
            ExpectedContexts = GoldenCase.ToTensor(expected.GetProperty("contexts")),
            ExpectedAttentionWeights = GoldenCase.ToTensor(expected.GetProperty("attention_weights")),
            ExpectedLoss = expected.GetProperty("loss").GetDouble(),
            ExpectedGradients = Map(expected.GetProperty("gradients")),
        };
    }

    private static Dictionary<string, Tensor> Map(JsonElement obj) =>
        obj.EnumerateObject().ToDictionary(p => p.Name, p => GoldenCase.ToTensor(p.Value), StringComparer.Ordinal);
}
