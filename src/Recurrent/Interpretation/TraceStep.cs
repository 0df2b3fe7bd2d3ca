namespace Recurrent.Interpretation;

/// <summary>
/// One step of one layer and direction: the named intermediates (gates, cell, hidden; each [B, H]) in
/// the order of the equations, and ∂loss/∂h_t [B, H] when there is a loss.
/// </summary>
public sealed record TraceStep(int Layer, int Direction, int Time,
                               IReadOnlyList<KeyValuePair<string, Tensor>> Quantities, Tensor? HiddenGrad);
