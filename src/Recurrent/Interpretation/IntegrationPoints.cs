namespace Recurrent.Interpretation;

/// <summary>
/// The points αᵢ ∈ [0, 1] and weights wᵢ of an <see cref="IntegrationRule"/> with n steps, in double precision, defined as
/// Captum's <c>approximation_methods.py</c> defines them (Riemann rules need n ≥ 2, Gauss–Legendre n ≥ 1).
/// </summary>
public static class IntegrationPoints
{
    /// <summary>(αᵢ, wᵢ) for i = 0 … n − 1, α ascending.</summary>
    public static (double[] Alphas, double[] Weights) For(IntegrationRule rule, int steps)
    {
        int minimum = rule == IntegrationRule.GaussLegendre ? 1 : 2;
        if (steps < minimum)
            throw new ArgumentOutOfRangeException(nameof(steps), $"{rule} needs at least {minimum} steps, but {steps} were asked for.");
        if (rule == IntegrationRule.GaussLegendre)
        {
            var (nodes, weights) = GaussLegendre(steps);
            return (nodes.Select(x => 0.5 * (1 + x)).ToArray(), weights.Select(w => 0.5 * w).ToArray());
        }
        double n = steps;
        var alphas = rule switch
        {
            IntegrationRule.RiemannLeft => Linspace(0, 1 - 1 / n, steps),
            IntegrationRule.RiemannRight => Linspace(1 / n, 1, steps),
            IntegrationRule.RiemannMiddle => Linspace(1 / (2 * n), 1 - 1 / (2 * n), steps),
            IntegrationRule.RiemannTrapezoid => Linspace(0, 1, steps),
            _ => throw new ArgumentOutOfRangeException(nameof(rule), $"{rule} is not an integration rule."),
        };
        var stepSizes = Enumerable.Repeat(1 / n, steps).ToArray();
        if (rule == IntegrationRule.RiemannTrapezoid)
        {
            stepSizes[0] /= 2;
            stepSizes[^1] /= 2;
        }
        return (alphas, stepSizes);
    }

    /// <summary>numpy's linspace: n evenly spaced values from start to stop, both included.</summary>
    private static double[] Linspace(double start, double stop, int count)
    {
        var values = new double[count];
        double step = (stop - start) / (count - 1);
        for (int i = 0; i < count; i++) values[i] = start + i * step;
        values[^1] = stop;
        return values;
    }

    /// <summary>
    /// Nodes xᵢ (ascending, in [−1, 1]) and weights of the n-point Gauss–Legendre rule, as numpy's <c>leggauss</c>:
    /// the roots of the Legendre polynomial Pₙ by Newton's method from Tricomi's estimate cos(π(i + 3/4)/(n + 1/2)),
    /// and wᵢ = 2 / ((1 − xᵢ²) Pₙ'(xᵢ)²).
    /// </summary>
    private static (double[] Nodes, double[] Weights) GaussLegendre(int n)
    {
        var nodes = new double[n];
        var weights = new double[n];
        for (int i = 0; i < n; i++)
        {
            double x = Math.Cos(Math.PI * (i + 0.75) / (n + 0.5)), derivative = 0;
            for (int iteration = 0; iteration < 100; iteration++)
            {
                (double value, derivative) = Legendre(n, x);
                double change = value / derivative;
                x -= change;
                if (Math.Abs(change) < 1e-15) break;
            }
            (_, derivative) = Legendre(n, x);
            nodes[n - 1 - i] = x;
            weights[n - 1 - i] = 2 / ((1 - x * x) * derivative * derivative);
        }
        return (nodes, weights);
    }

    /// <summary>Pₙ(x) and Pₙ'(x) by the three-term recurrence (k + 1)Pₖ₊₁ = (2k + 1)x Pₖ − k Pₖ₋₁.</summary>
    private static (double Value, double Derivative) Legendre(int n, double x)
    {
        double previous = 1, current = x;
        for (int k = 1; k < n; k++)
        {
            double next = ((2 * k + 1) * x * current - k * previous) / (k + 1);
            previous = current;
            current = next;
        }
        return (current, n * (x * current - previous) / (x * x - 1));
    }
}
