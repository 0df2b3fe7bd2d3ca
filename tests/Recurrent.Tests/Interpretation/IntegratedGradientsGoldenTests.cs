using System.Text.Json;
using Recurrent.Interpretation;
using Recurrent.Recurrence;
using Recurrent.Serialization;
using Recurrent.Tasks.Classification;

namespace Recurrent.Tests.Interpretation;

/// <summary>
/// <see cref="IntegratedGradients"/> against the same computation in PyTorch 1.13, float64 (Goldens/make_ig_goldens.py): the
/// script defines TextClassifier's architecture in torch (a bidirectional LSTM with max and with last-state pooling, an Elman
/// RNN with mean pooling and a dense layer), saves seeded weights as safetensors, and computes the attributions, probabilities
/// and completeness delta with Captum's integration points for every rule and baseline. The network here runs in float32,
/// which agrees with float64 to about 1e-6; the comparison is at 1e-4.
/// </summary>
public class IntegratedGradientsGoldenTests
{
    private const double Tolerance = 1e-4;
    private static readonly IntegratedGradientsGoldens Goldens = new("ig_goldens.json");
    private static readonly JsonElement Golden = Goldens.Root;

    public static IEnumerable<object[]> GoldenCases() => Goldens.Cases();

    [Theory]
    [MemberData(nameof(GoldenCases))]
    public void Attributions_match_pytorch(string modelName, int caseIndex)
    {
        var model = Goldens.Model(modelName);
        var golden = model.GetProperty("cases")[caseIndex];
        var labels = Golden.GetProperty("labels").EnumerateArray().Select(l => l.GetString()!).ToArray();
        var ids = golden.GetProperty("ids").EnumerateArray().Select(e => e.GetInt32()).ToArray();
        var target = golden.GetProperty("target");
        var explainer = new IntegratedGradients(LoadNetwork(model), labels, new IntegratedGradientsOptions
        {
            Rule = Enum.Parse<IntegrationRule>(golden.GetProperty("rule").GetString()!),
            Baseline = Enum.Parse<BaselineKind>(golden.GetProperty("baseline").GetString()!),
            Steps = golden.GetProperty("steps").GetInt32(),
            Target = target.ValueKind == JsonValueKind.Null ? null : target.GetString(),
            BatchSize = 5,
        });

        var explanation = explainer.Explain(ids.Select(id => $"w{id}").ToArray(), ids);

        var expected = golden.GetProperty("expected");
        Assert.Equal(expected.GetProperty("target_class").GetInt32(), explanation.TargetClass);
        var expectedAttributions = expected.GetProperty("attributions").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        Assert.Equal(expectedAttributions.Length, explanation.Attributions.Length);
        for (int t = 0; t < ids.Length; t++)
            Assert.True(Math.Abs(expectedAttributions[t] - explanation.Attributions[t]) < Tolerance,
                $"token {t}: PyTorch {expectedAttributions[t]:G6}, Recurrent {explanation.Attributions[t]:G6}");
        Assert.Equal(expected.GetProperty("input_score").GetDouble(), explanation.InputScore, Tolerance);
        Assert.Equal(expected.GetProperty("baseline_score").GetDouble(), explanation.BaselineScore, Tolerance);
        Assert.Equal(expected.GetProperty("delta").GetDouble(), explanation.Delta, Tolerance);
    }

    private static TextClassifier LoadNetwork(JsonElement model)
    {
        var network = new TextClassifier(new TextClassifierOptions
        {
            VocabularySize = Golden.GetProperty("vocabulary_size").GetInt32(),
            EmbeddingDimension = Golden.GetProperty("embedding_dimension").GetInt32(),
            HiddenSize = Golden.GetProperty("hidden_size").GetInt32(),
            ClassCount = Golden.GetProperty("labels").GetArrayLength(),
            Cell = Enum.Parse<CellKind>(model.GetProperty("cell").GetString()!),
            Bidirectional = model.GetProperty("bidirectional").GetBoolean(),
            Pooling = Enum.Parse<Pooling>(model.GetProperty("pooling").GetString()!),
            DenseLayers = model.GetProperty("dense_layers").EnumerateArray().Select(e => e.GetInt32()).ToArray(),
        }, new Rng(0));
        StateDict.Load(network, IntegratedGradientsGoldens.WeightsOf(model));
        return network;
    }
}
