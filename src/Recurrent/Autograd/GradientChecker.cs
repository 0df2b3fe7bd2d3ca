namespace Recurrent.Autograd;

/// <summary>
/// Checks back-propagated gradients against central finite differences,
/// ∂L/∂x ≈ (L(x + ε) − L(x − ε)) / 2ε, element by element. Every op and cell in the library is tested with it,
/// and it is public so that users can check ops of their own.
/// </summary>
public static class GradientChecker
{
    /// <summary>One element whose analytic and numeric gradients disagree.</summary>
    public sealed record Mismatch(string Input, int Index, float Analytic, float Numeric)
    {
        public override string ToString() => $"{Input}[{Index}]: backprop {Analytic:G6}, finite difference {Numeric:G6}";
    }

    /// <summary>
    /// Runs <paramref name="loss"/> (a scalar-valued function of <paramref name="inputs"/>; it must be deterministic)
    /// once on a tape for the analytic gradients, then twice per checked element without one.
    /// Returns the elements where |analytic − numeric| &gt; absTolerance + relTolerance · max(|analytic|, |numeric|).
    /// </summary>
    /// <param name="loss">builds the scalar loss from <paramref name="inputs"/>; called once per tape and twice per checked element.</param>
    /// <param name="inputs">the variables whose gradients are checked.</param>
    /// <param name="epsilon">the central difference's step: (f(x + ε) − f(x − ε)) / 2ε.</param>
    /// <param name="absTolerance">the absolute part of the tolerance.</param>
    /// <param name="relTolerance">the part of the tolerance relative to the larger of the two gradients.</param>
    /// <param name="maxElementsPerInput">checks at most this many elements of each input, spread evenly.</param>
    public static IReadOnlyList<Mismatch> Check(Func<Variable> loss, IReadOnlyList<Variable> inputs,
        float epsilon = 1e-2f, float absTolerance = 2e-3f, float relTolerance = 1e-2f, int maxElementsPerInput = 64)
    {
        foreach (var input in inputs)
        {
            if (!input.RequiresGrad)
                throw new ArgumentException($"Input {input.Name ?? "(unnamed)"} does not require a gradient; create it with requiresGrad: true.");
            input.ZeroGrad();
        }
        using (var tape = new Tape())
        {
            loss().Backward();
        }

        var mismatches = new List<Mismatch>();
        using var noGrad = Tape.NoGrad();
        for (int n = 0; n < inputs.Count; n++)
        {
            var input = inputs[n];
            var analytic = input.GradOrZeros().ReadOnlySpan.ToArray();
            var values = input.Value.Data;
            int size = input.Value.Size;
            int stride = Math.Max(1, size / Math.Max(1, maxElementsPerInput));
            for (int i = 0; i < size; i += stride)
            {
                float saved = values[i];
                values[i] = saved + epsilon;
                double plus = loss().Value.Data[0];
                values[i] = saved - epsilon;
                double minus = loss().Value.Data[0];
                values[i] = saved;
                float numeric = (float)((plus - minus) / (2 * epsilon));
                float diff = Math.Abs(analytic[i] - numeric);
                if (!(diff <= absTolerance + relTolerance * Math.Max(Math.Abs(analytic[i]), Math.Abs(numeric))))
                    mismatches.Add(new Mismatch(input.Name ?? $"input{n}", i, analytic[i], numeric));
            }
        }
        return mismatches;
    }
}
