using Recurrent.Autograd;
using static Recurrent.Tests.Autograd.OpAssert;

namespace Recurrent.Tests.Autograd;

public class ActivationTests
{
    private readonly Rng rng = new(2);

    [Fact]
    public void Sigmoid_matches_known_values_and_finite_differences()
    {
        // σ(0) = 1/2, σ(ln 3) = 3/4, σ(−ln 3) = 1/4.
        Equal([0.5f, 0.75f, 0.25f], Ops.Sigmoid(Leaf([0, MathF.Log(3), -MathF.Log(3)], 3)).Value);
        var a = Parameter(rng, "a", 3, 4);
        MatchesFiniteDifferences(() => Ops.Sigmoid(a), a);
    }

    [Fact]
    public void Tanh_matches_known_values_and_finite_differences()
    {
        // tanh(ln 2) = (4 − 1) / (4 + 1).
        Equal([0f, 0.6f, -0.6f], Ops.Tanh(Leaf([0, MathF.Log(2), -MathF.Log(2)], 3)).Value);
        var a = Parameter(rng, "a", 3, 4);
        MatchesFiniteDifferences(() => Ops.Tanh(a), a);
    }

    [Fact]
    public void Relu_passes_positive_values_and_their_gradient_only()
    {
        Equal([0, 0, 2], Ops.Relu(Leaf([-1, 0, 2], 3)).Value);
        var a = AwayFromZero(rng, "a", 4, 5);
        MatchesFiniteDifferences(() => Ops.Relu(a), a);
    }
}
