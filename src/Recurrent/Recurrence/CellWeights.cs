using Recurrent.Autograd;

namespace Recurrent.Recurrence;

/// <summary>
/// The parameters of one layer and direction, in PyTorch's layout: weight_ih [G·H, I], weight_hh [G·H, H],
/// bias_ih and bias_hh [G·H], with the G gate blocks of H rows stacked in the cell's gate order.
/// Jordan cells add the output layer weight_ho [H, H] and bias_ho [H].
/// </summary>
public sealed record CellWeights(
    Variable InputWeight, Variable RecurrentWeight, Variable InputBias, Variable RecurrentBias,
    Variable? OutputWeight = null, Variable? OutputBias = null)
{
    /// <summary>H.</summary>
    public int HiddenSize => RecurrentWeight.Dim(1);

    /// <summary>Features per time step of the input, I.</summary>
    public int InputSize => InputWeight.Dim(1);

    /// <summary>Every parameter, in PyTorch's order: weight_ih, weight_hh, bias_ih, bias_hh (then weight_ho, bias_ho).</summary>
    public IReadOnlyList<Variable> Parameters =>
        OutputWeight is null || OutputBias is null
            ? [InputWeight, RecurrentWeight, InputBias, RecurrentBias]
            : [InputWeight, RecurrentWeight, InputBias, RecurrentBias, OutputWeight, OutputBias];

    /// <summary>Jordan's output layer, which must be present for Jordan cells.</summary>
    internal (Variable Weight, Variable Bias) OutputLayer =>
        (OutputWeight ?? throw new InvalidOperationException("A Jordan cell needs weight_ho."),
         OutputBias ?? throw new InvalidOperationException("A Jordan cell needs bias_ho."));
}
