using Recurrent.Autograd;
using static Recurrent.Tests.Autograd.OpAssert;

namespace Recurrent.Tests.Autograd;

public class SoftmaxTests
{
    private readonly Rng rng = new(5);

    // torch.softmax / torch.log_softmax of [1, 2, 3] in float64.
    private static readonly float[] SoftmaxOf123 = [0.09003057f, 0.24472847f, 0.66524096f];
    private static readonly float[] LogSoftmaxOf123 = [-2.40760596f, -1.40760596f, -0.40760596f];

    [Fact]
    public void Softmax_of_a_known_vector_matches_pytorch()
    {
        Equal(SoftmaxOf123, Ops.Softmax(Leaf([1, 2, 3], 3)).Value, 1e-6f);
    }

    [Fact]
    public void LogSoftmax_of_a_known_vector_matches_pytorch()
    {
        Equal(LogSoftmaxOf123, Ops.LogSoftmax(Leaf([1, 2, 3], 3)).Value, 1e-6f);
    }

    [Fact]
    public void Softmax_and_LogSoftmax_are_stable_for_large_logits()
    {
        var large = Leaf([1001, 1002, 1003, -1001, -1002, -1003], 2, 3);
        var p = Ops.Softmax(large).Value;
        var logP = Ops.LogSoftmax(large).Value;
        Equal([.. SoftmaxOf123, .. Enumerable.Reverse(SoftmaxOf123)], p, 1e-6f);
        Equal([.. LogSoftmaxOf123, .. Enumerable.Reverse(LogSoftmaxOf123)], logP, 1e-5f);
    }

    [Fact]
    public void Softmax_works_row_by_row_over_the_last_axis()
    {
        var p = Ops.Softmax(Parameter(rng, "a", 2, 3, 5)).Value;
        for (int row = 0; row < 6; row++)
            Assert.Equal(1f, p.ReadOnlySpan.Slice(row * 5, 5).ToArray().Sum(), 5);
    }

    [Fact]
    public void Softmax_backpropagates()
    {
        var a = Parameter(rng, "a", 3, 4);
        MatchesFiniteDifferences(() => Ops.Softmax(a), a);
    }

    [Fact]
    public void LogSoftmax_backpropagates()
    {
        var a = Parameter(rng, "a", 2, 2, 4);
        MatchesFiniteDifferences(() => Ops.LogSoftmax(a), a);
    }

    [Fact]
    public void Softmax_rejects_an_empty_last_axis()
    {
        var e = Assert.Throws<ArgumentException>(() => Ops.Softmax(new Variable(new Tensor(2, 0))));
        Assert.Contains("[2, 0]", e.Message);
    }
}
