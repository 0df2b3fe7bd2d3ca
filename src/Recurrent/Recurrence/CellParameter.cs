namespace Recurrent.Recurrence;

/// <summary>
/// A parameter a cell has beyond PyTorch's four (weight_ih, weight_hh, bias_ih, bias_hh): Jordan's output layer
/// weight_ho [H, H] and bias_ho [H]; the peephole LSTM's weight_pi, weight_pf, weight_po [H] (ONNX's P).
/// <see cref="RecurrentLayer"/> registers each, after the four, per layer and direction as <c>{Name}_l{k}</c>
/// (<c>_reverse</c> for the backward direction), fills it by <see cref="Init"/> and hands it to the cell in
/// <see cref="CellWeights.Extra"/> in declaration order; <see cref="RecurrentParameterCount"/> counts it.
/// </summary>
/// <param name="Name">the state-dict name before the layer suffix, e.g. "weight_ho".</param>
/// <param name="Shape">the shape for hidden size H.</param>
/// <param name="Init">how a new layer fills it.</param>
public sealed record CellParameter(string Name, Func<int, int[]> Shape, CellParameterInit Init)
{
    /// <summary>Trainable values for hidden size <paramref name="hidden"/>.</summary>
    public long Count(int hidden) => Shape(hidden).Aggregate(1L, (count, size) => count * size);
}
