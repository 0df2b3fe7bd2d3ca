using Recurrent.Autograd;

namespace Recurrent.Recurrence;

/// <summary>
/// The parameters of one layer and direction, in PyTorch's layout: weight_ih [G·H, I], weight_hh [G·H, H],
/// bias_ih and bias_hh [G·H], with the G gate blocks of H rows stacked in the cell's gate order; then the cell's own
/// parameters (<see cref="RecurrentCell.ExtraParameters"/>: Jordan's weight_ho [H, H] and bias_ho [H]).
/// </summary>
public sealed record CellWeights(
    Variable InputWeight, Variable RecurrentWeight, Variable InputBias, Variable RecurrentBias, IReadOnlyList<Variable>? Extra = null)
{
    /// <summary>H.</summary>
    public int HiddenSize => RecurrentWeight.Dim(1);

    /// <summary>Features per time step of the input, I.</summary>
    public int InputSize => InputWeight.Dim(1);

    /// <summary>The cell's own parameters, in the order of <see cref="RecurrentCell.ExtraParameters"/>; empty for PyTorch's cells.</summary>
    public IReadOnlyList<Variable> Extra { get; init; } = Extra ?? [];

    /// <summary>Every parameter, in PyTorch's order: weight_ih, weight_hh, bias_ih, bias_hh, then <see cref="Extra"/>.</summary>
    public IReadOnlyList<Variable> Parameters => [InputWeight, RecurrentWeight, InputBias, RecurrentBias, .. Extra];
}
