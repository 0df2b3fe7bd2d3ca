using Recurrent.Recurrence;

namespace Recurrent.Interpretation;

/// <summary>What <see cref="GradientFlow"/> measured on one sequence.</summary>
/// <param name="Cell">the layer's cell.</param>
/// <param name="Nonlinearity">the layer's activation (read by Elman and Jordan cells only).</param>
/// <param name="Steps">one per time step, in time order t = 0 … T − 1 (so distance T − 1 first).</param>
/// <param name="RecurrentSpectra">one per gate block of weight_hh.</param>
public sealed record GradientFlowResult(CellKind Cell, Nonlinearity Nonlinearity, IReadOnlyList<GradientFlowStep> Steps,
    IReadOnlyList<RecurrentBlockSpectrum> RecurrentSpectra)
{
    /// <summary>The step at distance T − 1 − t = <paramref name="distance"/>.</summary>
    public GradientFlowStep AtDistance(int distance) => Steps[Steps.Count - 1 - distance];
}
