using Recurrent.Autograd;
using static Recurrent.Recurrence.GateBlocks;

namespace Recurrent.Recurrence;

/// <summary>
/// Reference Jordan cell: the same copy mechanism as Elman's, but for the output layer: the previous output
/// y_{t−1}, not the hidden layer, feeds the hidden layer. Plain autograd ops, one line per equation.
/// </summary>
public static class JordanCell
{
    /// <param name="x">x_t [B, I].</param>
    /// <param name="y">y_{t−1} [B, H], the previous output.</param>
    /// <param name="w">the layer-direction's parameters.</param>
    /// <param name="nonlinearity">g: tanh or ReLU.</param>
    public static CellStep Step(Variable x, Variable y, CellWeights w, Nonlinearity nonlinearity)
    {
        var (outputWeight, outputBias) = w.OutputLayer;
        var preActivation = Ops.Add(Ops.Linear(x, w.InputWeight, w.InputBias), Ops.Linear(y, w.RecurrentWeight, w.RecurrentBias));
        var hidden = Activate(preActivation, nonlinearity);       // h_t = g(W_ih x_t + b_ih + W_hh y_{t−1} + b_hh)
        var output = Ops.Linear(hidden, outputWeight, outputBias); // y_t = W_ho h_t + b_ho
        return new CellStep(output, null, new Dictionary<string, Variable>
        {
            ["pre_activation"] = preActivation,
            ["hidden"] = hidden,
            ["output"] = output,
        });
    }
}
