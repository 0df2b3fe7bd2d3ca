using System.Globalization;
using Recurrent.Recurrence;
using Recurrent.Reporting;

namespace Recurrent.Interpretation;

/// <summary>
/// The vanishing-gradient experiment side by side: log₁₀ ‖∂L/∂h_t‖ of each result against the distance T − 1 − t, and for
/// Elman cells log₁₀ of the bound ‖∂L/∂h_T‖·Π_k ‖diag(g′(a_k))‖·‖W_hh‖ beside the measured decay. The values are plotted
/// as base-10 logarithms on <see cref="LineChart"/>'s linear axis (a zero gradient leaves a gap).
/// </summary>
public static class GradientFlowChart
{
    /// <param name="results">the cells to compare, each over the distances 0 … T − 1; all of the same length T.</param>
    /// <param name="title">the chart's title.</param>
    public static LineChart Build(IReadOnlyList<GradientFlowResult> results, string title = "Gradient flow through time")
    {
        ArgumentNullException.ThrowIfNull(results);
        if (results.Count == 0) throw new ArgumentException("GradientFlowChart needs at least one result to draw.", nameof(results));
        int steps = results[0].Steps.Count;
        if (results.Any(r => r.Steps.Count != steps))
            throw new ArgumentException(
                $"GradientFlowChart draws results over the same distances, but their lengths differ: {string.Join(", ", results.Select(r => r.Steps.Count))}.",
                nameof(results));
        var series = new List<LineChartSeries>();
        foreach (var result in results)
        {
            string name = Label(result);
            series.Add(new LineChartSeries($"{name} ‖∂L/∂h_t‖", ByDistance(result, step => step.LossGradientNorm)));
            if (result.Steps[0].BoundProduct is not null)
            {
                double lastGradient = result.AtDistance(0).LossGradientNorm; // ‖∂L/∂h_t‖ ≤ ‖∂L/∂h_T‖·‖∂h_T/∂h_t‖
                series.Add(new LineChartSeries($"{name} bound", ByDistance(result, step => lastGradient * step.BoundProduct!.Value)));
            }
        }
        return new LineChart
        {
            Title = title,
            XAxisTitle = "Distance T − t (steps)",
            YAxisTitle = "log₁₀ norm",
            X = Enumerable.Range(0, steps).Select(distance => (double)distance).ToArray(),
            Series = series,
        };
    }

    /// <summary>"lstm", or for Elman and Jordan cells "rnn tanh, ρ 0.5" (the model-file names).</summary>
    private static string Label(GradientFlowResult result)
    {
        if (result.Cell is not (CellKind.Elman or CellKind.Jordan)) return result.Cell.ToString().ToLowerInvariant();
        string cell = result.Cell == CellKind.Elman ? "rnn" : "jordan";
        string radius = result.RecurrentSpectra[0].SpectralRadius.ToString("G3", CultureInfo.InvariantCulture);
        return $"{cell} {result.Nonlinearity.ToString().ToLowerInvariant()}, ρ {radius}";
    }

    /// <summary>log₁₀ of a step quantity by distance 0 … T − 1.</summary>
    private static double[] ByDistance(GradientFlowResult result, Func<GradientFlowStep, double> quantity) =>
        Enumerable.Range(0, result.Steps.Count).Select(distance => Math.Log10(quantity(result.AtDistance(distance)))).ToArray();
}
