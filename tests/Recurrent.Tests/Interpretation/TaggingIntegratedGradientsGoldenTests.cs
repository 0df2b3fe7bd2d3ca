using System.Text.Json;
using Recurrent.Interpretation;
using Recurrent.Serialization;
using Recurrent.Tasks.Tagging;
using Recurrent.Text;

namespace Recurrent.Tests.Interpretation;

/// <summary>
/// <see cref="TaggingIntegratedGradients"/> against the same computation in PyTorch 1.13, float64
/// (Goldens/make_tagger_ig_goldens.py): the script defines TaggingModel's architecture in torch without characters or casing
/// (word embedding, Bi-LSTM, linear layer, CRF or softmax), saves seeded weights as safetensors, and computes every position's
/// attributions, probability and completeness delta, the CRF's marginal differentiated by torch's autograd. The network here
/// runs in float32, which agrees with float64 to about 1e-6; the comparison is at 1e-4.
/// </summary>
public class TaggingIntegratedGradientsGoldenTests
{
    private const double Tolerance = 1e-4;
    private static readonly IntegratedGradientsGoldens Goldens = new("tagger_ig_goldens.json");
    private static readonly JsonElement Golden = Goldens.Root;

    public static IEnumerable<object[]> GoldenCases() => Goldens.Cases();

    [Theory]
    [MemberData(nameof(GoldenCases))]
    public void Attributions_of_every_position_match_pytorch(string modelName, int caseIndex)
    {
        var model = Goldens.Model(modelName);
        var golden = model.GetProperty("cases")[caseIndex];
        var words = Golden.GetProperty("words").EnumerateArray().Select(w => w.GetString()!).ToArray();
        var target = golden.GetProperty("target");
        var explainer = new TaggingIntegratedGradients(LoadTagger(model, words), new IntegratedGradientsOptions
        {
            Rule = Enum.Parse<IntegrationRule>(golden.GetProperty("rule").GetString()!),
            Baseline = Enum.Parse<BaselineKind>(golden.GetProperty("baseline").GetString()!),
            Steps = golden.GetProperty("steps").GetInt32(),
            Target = target.ValueKind == JsonValueKind.Null ? null : target.GetString(),
            BatchSize = 7,
        });

        var explanation = explainer.Explain(golden.GetProperty("ids").EnumerateArray().Select(id => words[id.GetInt32()]).ToArray());

        var expected = golden.GetProperty("expected").EnumerateArray().ToArray();
        Assert.Equal(expected.Select(row => row.GetProperty("tag").GetString()), explanation.Outputs);
        for (int o = 0; o < expected.Length; o++)
        {
            var attributions = expected[o].GetProperty("attributions").EnumerateArray().Select(e => e.GetDouble()).ToArray();
            for (int s = 0; s < attributions.Length; s++)
                Assert.True(Math.Abs(attributions[s] - explanation.Attributions[o][s]) < Tolerance,
                    $"position {o}, word {s}: PyTorch {attributions[s]:G6}, Recurrent {explanation.Attributions[o][s]:G6}");
            Assert.Equal(expected[o].GetProperty("input_score").GetDouble(), explanation.Probabilities[o], Tolerance);
            Assert.Equal(expected[o].GetProperty("baseline_score").GetDouble(), explanation.BaselineProbabilities[o], Tolerance);
            Assert.Equal(expected[o].GetProperty("delta").GetDouble(), explanation.Deltas[o], Tolerance);
        }
    }

    private static Tagger LoadTagger(JsonElement model, string[] words)
    {
        var tags = Golden.GetProperty("tags").EnumerateArray().Select(t => t.GetString()!).ToArray();
        var network = new TaggingModel(new TaggingModelOptions
        {
            WordVocabularySize = words.Length, TagCount = tags.Length, WordEmbeddingDimension = Golden.GetProperty("embedding_dimension").GetInt32(),
            HiddenSize = Golden.GetProperty("hidden_size").GetInt32(), Characters = null, Casing = false, Dropout = 0,
            Crf = model.GetProperty("crf").GetBoolean(),
        }, new Rng(0));
        StateDict.Load(network, IntegratedGradientsGoldens.WeightsOf(model));
        var vocabulary = new TaggingVocabulary(new Vocabulary(words), new Vocabulary([Vocabulary.PadToken, Vocabulary.UnknownToken]), tags);
        return new Tagger(network, vocabulary, TagScheme.Iob2);
    }
}
