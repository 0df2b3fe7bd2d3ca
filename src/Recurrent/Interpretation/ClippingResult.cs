namespace Recurrent.Interpretation;

/// <summary>
/// The two arms of <see cref="ClippingExperiment"/> from the same initial weights. The unclipped arm stops at the first
/// non-finite loss or gradient (the explosion has overflowed float).
/// </summary>
public sealed record ClippingResult(ClippingOptions Options, double InitialSpectralRadius, IReadOnlyList<ClippingStep> Clipped,
    IReadOnlyList<ClippingStep> Unclipped);
