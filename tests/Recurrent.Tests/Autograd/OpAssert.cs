using Recurrent.Autograd;

namespace Recurrent.Tests.Autograd;

/// <summary>Builders of test inputs, the finite-difference assertion every op test uses, and an element-wise value comparison.</summary>
internal static class OpAssert
{
    /// <summary>A leaf that requires a gradient, filled U(−1, 1).</summary>
    public static Variable Parameter(Rng rng, string name, params int[] shape)
    {
        var value = new Tensor(shape);
        rng.FillUniform(value.Span, -1f, 1f);
        return new Variable(value, requiresGrad: true, name);
    }

    /// <summary>A leaf whose values are at least 0.2 away from 0, so that a kink at 0 (relu) is never within a finite-difference step.</summary>
    public static Variable AwayFromZero(Rng rng, string name, params int[] shape)
    {
        var value = new Tensor(shape);
        for (int i = 0; i < value.Size; i++) value.Data[i] = (rng.NextFloat() < 0.5f ? -1f : 1f) * rng.Uniform(0.2f, 1f);
        return new Variable(value, requiresGrad: true, name);
    }

    public static Variable Leaf(float[] values, params int[] shape) => new(Tensor.FromArray(values, shape), requiresGrad: true);

    public static Tensor Random(Rng rng, params int[] shape)
    {
        var t = new Tensor(shape);
        rng.FillUniform(t.Span, -1f, 1f);
        return t;
    }

    /// <summary>
    /// Asserts that back-propagation through <paramref name="output"/> agrees with finite differences for the loss
    /// Σ output ⊙ R, where R is a fixed random tensor, so every output element carries a distinct gradient.
    /// </summary>
    public static void MatchesFiniteDifferences(Func<Variable> output, params Variable[] inputs)
    {
        Tensor projection;
        using (Tape.NoGrad()) projection = Random(new Rng(2024), output().Shape);
        var mismatches = GradientChecker.Check(() => Ops.Dot(output(), projection), inputs);
        Assert.True(mismatches.Count == 0, "Backprop and finite differences disagree:\n" + string.Join("\n", mismatches));
    }

    public static void Equal(float[] expected, Tensor actual, float tolerance = 1e-5f)
    {
        Assert.Equal(expected.Length, actual.Size);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual.Data[i]) <= tolerance,
                $"Element {i}: expected {expected[i]}, got {actual.Data[i]} (all: {actual}).");
    }
}
