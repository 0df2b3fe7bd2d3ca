using System.Text.Json;
using Recurrent.Autograd;
using static Recurrent.Tests.Autograd.OpAssert;

namespace Recurrent.Tests.Autograd;

/// <summary>
/// Cross-entropy with <see cref="CrossEntropyOptions.LabelSmoothing"/>. The golden numbers are PyTorch 1.13's
/// <c>F.cross_entropy(…, label_smoothing=ε)</c> in float64 (Goldens/LabelSmoothing/make_label_smoothing_goldens.py):
/// ε 0.1 and 0.3, mean and sum, with and without class weights, two rows with the ignore index.
/// </summary>
public class LabelSmoothingTests
{
    private static readonly JsonElement Golden = LoadGolden();

    private readonly Rng rng = new(14);

    public static IEnumerable<object[]> GoldenCases() =>
        Enumerable.Range(0, Golden.GetProperty("cases").GetArrayLength()).Select(index => new object[] { index });

    [Theory]
    [MemberData(nameof(GoldenCases))]
    public void Loss_and_gradient_match_pytorch(int index)
    {
        var golden = Golden.GetProperty("cases")[index];
        var options = new CrossEntropyOptions
        {
            LabelSmoothing = golden.GetProperty("label_smoothing").GetSingle(),
            Reduction = golden.GetProperty("reduction").GetString() == "sum" ? Reduction.Sum : Reduction.Mean,
            ClassWeights = golden.GetProperty("weighted").GetBoolean() ? Floats(Golden.GetProperty("class_weights")) : null,
            IgnoreIndex = Golden.GetProperty("ignore_index").GetInt32(),
        };
        var logits = Leaf(Floats(Golden.GetProperty("logits")), Golden.GetProperty("rows").GetInt32(), Golden.GetProperty("classes").GetInt32());
        int[] targets = [.. Golden.GetProperty("targets").EnumerateArray().Select(t => t.GetInt32())];
        using (var tape = new Tape())
        {
            var loss = Ops.CrossEntropy(logits, targets, options);
            Assert.Equal(golden.GetProperty("loss").GetDouble(), loss.Value.Data[0], 5);
            loss.Backward();
        }
        Equal(Floats(golden.GetProperty("gradient")), logits.Grad!, 1e-5f);
    }

    [Theory]
    [InlineData(0.1f)]
    [InlineData(0.5f)]
    public void Uniform_logits_cost_log_of_the_class_count_whatever_the_smoothing(float epsilon)
    {
        // p_c = 1/4 for every class, so both the target term and the smoothing term are −log(1/4).
        var loss = Ops.CrossEntropy(Leaf(new float[8], 2, 4), [1, 3], new() { LabelSmoothing = epsilon });
        Assert.Equal(MathF.Log(4f), loss.Value.Data[0], 6);
    }

    [Fact]
    public void Rows_masked_out_are_not_counted_like_rows_with_the_ignore_index()
    {
        var options = new CrossEntropyOptions { LabelSmoothing = 0.2f, ClassWeights = [1f, 2f, 0.5f] };
        var logits = Parameter(rng, "logits", 4, 3);
        float ignored = Ops.CrossEntropy(logits, [2, -100, 0, 1], options).Value.Data[0];
        float masked = Ops.CrossEntropy(logits, [2, 1, 0, 1], options with { Mask = [true, false, true, true] }).Value.Data[0];
        Assert.Equal(ignored, masked, 6);
    }

    [Theory]
    [InlineData(Reduction.Mean)]
    [InlineData(Reduction.Sum)]
    public void Backpropagates_with_weights_ignore_index_and_mask(Reduction reduction)
    {
        var logits = Parameter(rng, "logits", 6, 4);
        // Class 1 has weight 0: a row targeting it still pays (and is pushed by) the smoothing term.
        var options = new CrossEntropyOptions
        {
            LabelSmoothing = 0.2f,
            ClassWeights = [1f, 0f, 2f, 1.5f],
            Mask = [true, true, false, true, true, true],
            Reduction = reduction,
        };
        var mismatches = GradientChecker.Check(() => Ops.CrossEntropy(logits, [3, -100, 1, 0, 1, 2], options), [logits]);
        Assert.Empty(mismatches);
    }

    [Fact]
    public void Backpropagates_without_class_weights()
    {
        var logits = Parameter(rng, "logits", 5, 3);
        var options = new CrossEntropyOptions { LabelSmoothing = 0.3f };
        Assert.Empty(GradientChecker.Check(() => Ops.CrossEntropy(logits, [0, 2, -100, 1, 1], options), [logits]));
    }

    [Fact]
    public void A_row_whose_class_weight_is_zero_still_pays_the_smoothing_term()
    {
        // PyTorch masks the smoothing term by the ignore index only: ε/C · Σ_c w_c (−log p_c) = 0.3/2 · 1 · log 2 for the sum.
        var loss = Ops.CrossEntropy(Leaf(new float[2], 1, 2), [0],
            new() { LabelSmoothing = 0.3f, ClassWeights = [0f, 1f], Reduction = Reduction.Sum });
        Assert.Equal(0.15f * MathF.Log(2f), loss.Value.Data[0], 6);
    }

    [Theory]
    [InlineData(-0.1f)]
    [InlineData(1f)]
    [InlineData(float.NaN)]
    public void Rejects_a_smoothing_outside_zero_to_one(float epsilon)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() =>
            Ops.CrossEntropy(Leaf(new float[6], 2, 3), [0, 1], new() { LabelSmoothing = epsilon }));
        Assert.Contains("CrossEntropyOptions.LabelSmoothing", e.Message);
        Assert.Contains("must be in [0, 1)", e.Message);
    }

    private static float[] Floats(JsonElement array) =>
        array.ValueKind == JsonValueKind.Array && array.GetArrayLength() > 0 && array[0].ValueKind == JsonValueKind.Array
            ? [.. array.EnumerateArray().SelectMany(Floats)]
            : [.. array.EnumerateArray().Select(v => v.GetSingle())];

    private static JsonElement LoadGolden()
    {
        string path = Path.Combine(AppContext.BaseDirectory, "Goldens", "LabelSmoothing", "label_smoothing.json");
        using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
        return doc.RootElement.Clone();
    }
}
