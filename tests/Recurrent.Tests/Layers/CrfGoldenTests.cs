using System.Text.Json;
using Recurrent.Autograd;
using Recurrent.Layers;
using Recurrent.Tests.Goldens;

namespace Recurrent.Tests.Layers;

/// <summary>
/// The <see cref="Crf"/> against a pytorch-crf style CRF in PyTorch 1.13, float64 (Goldens/Crf/make_crf_goldens.py): the mean
/// negative log-likelihood, log Z, the gradients with respect to the emissions, transitions, start and end scores, and the
/// Viterbi paths, on a batch of several lengths without constraints, with IOB2's constraints (forbidden scores −∞ in PyTorch),
/// and with 17 tags.
/// </summary>
public class CrfGoldenTests
{
    private static readonly JsonElement Golden = LoadGolden();

    private static JsonElement LoadGolden()
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Goldens", "Crf", "crf.json")));
        return document.RootElement.Clone();
    }

    public static IEnumerable<object[]> GoldenCases() =>
        Golden.GetProperty("cases").EnumerateArray().Select(c => new object[] { c.GetProperty("name").GetString()! });

    [Theory]
    [MemberData(nameof(GoldenCases))]
    public void Crf_matches_pytorch(string name)
    {
        var golden = Golden.GetProperty("cases").EnumerateArray().Single(c => c.GetProperty("name").GetString() == name);
        var crf = new Crf(new CrfOptions { Tags = golden.GetProperty("tags").GetInt32() }, new Rng(1));
        crf.StartTransitions.Assign(GoldenTensor(golden, "start_transitions"));
        crf.EndTransitions.Assign(GoldenTensor(golden, "end_transitions"));
        crf.Transitions.Assign(GoldenTensor(golden, "transitions"));
        if (golden.GetProperty("allowed").ValueKind != JsonValueKind.Null) crf.SetConstraints(GoldenConstraints(golden));
        var emissions = new Variable(GoldenTensor(golden, "emissions"), requiresGrad: true, "emissions");
        var tags = golden.GetProperty("gold_tags").EnumerateArray().Select(e => e.GetInt32()).ToArray();
        var lengths = golden.GetProperty("lengths").EnumerateArray().Select(e => e.GetInt32()).ToArray();
        using (var tape = new Tape())
        {
            var nll = crf.NegativeLogLikelihood(emissions, tags, lengths);
            Assert.Equal(golden.GetProperty("nll").GetDouble(), nll.Value.Data[0], 1e-5);
            nll.Backward();
        }
        var gradients = golden.GetProperty("gradients");
        AssertClose(GoldenTensor(gradients, "emissions"), emissions.Grad!, "gradient of the emissions");
        AssertClose(GoldenTensor(gradients, "transitions"), crf.Transitions.Grad!, "gradient of the transitions");
        AssertClose(GoldenTensor(gradients, "start_transitions"), crf.StartTransitions.Grad!, "gradient of the start scores");
        AssertClose(GoldenTensor(gradients, "end_transitions"), crf.EndTransitions.Grad!, "gradient of the end scores");
        AssertClose(GoldenTensor(golden, "log_partition"), new Tensor(crf.LogPartition(emissions.Value, lengths), lengths.Length), "log Z");
        var paths = golden.GetProperty("best_paths").EnumerateArray().Select(p => p.EnumerateArray().Select(e => e.GetInt32()).ToArray());
        Assert.Equal(paths, crf.Decode(emissions.Value, lengths));
    }

    private static CrfConstraints GoldenConstraints(JsonElement golden)
    {
        var rows = golden.GetProperty("allowed").EnumerateArray().Select(r => r.EnumerateArray().Select(e => e.GetBoolean()).ToArray()).ToArray();
        var allowed = new bool[rows.Length, rows.Length];
        for (int i = 0; i < rows.Length; i++)
            for (int j = 0; j < rows.Length; j++)
                allowed[i, j] = rows[i][j];
        return new CrfConstraints(allowed, Flags(golden, "allowed_start"), Flags(golden, "allowed_end"));
    }

    private static bool[] Flags(JsonElement golden, string key) => golden.GetProperty(key).EnumerateArray().Select(e => e.GetBoolean()).ToArray();

    private static Tensor GoldenTensor(JsonElement element, string key) => GoldenCase.ToTensor(element.GetProperty(key));

    /// <summary>Same shape, and every element within 1e-5 relative (1e-5 absolute near zero) of PyTorch's float64 value.</summary>
    private static void AssertClose(Tensor expected, Tensor actual, string what)
    {
        Assert.Equal(expected.Shape, actual.Shape);
        for (int i = 0; i < expected.Size; i++)
            Assert.True(Math.Abs(expected.Data[i] - actual.Data[i]) <= 1e-5f * Math.Max(1f, Math.Abs(expected.Data[i])),
                $"{what}[{i}]: PyTorch {expected.Data[i]}, Crf {actual.Data[i]}.");
    }
}
