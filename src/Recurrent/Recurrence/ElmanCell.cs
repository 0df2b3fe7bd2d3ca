using Recurrent.Autograd;
using static Recurrent.Recurrence.GateBlocks;

namespace Recurrent.Recurrence;

/// <summary>
/// Reference Elman cell, the source material's h_t = f_act(W^h h_{t−1} + W^x x_t + b) with PyTorch's two biases.
/// Plain autograd ops, one line per equation; the fused <see cref="ElmanSequence"/> must agree with it.
/// </summary>
public static class ElmanCell
{
    /// <param name="x">x_t [B, I].</param>
    /// <param name="h">h_{t−1} [B, H].</param>
    /// <param name="w">the layer-direction's parameters.</param>
    /// <param name="nonlinearity">g: tanh or ReLU.</param>
    public static CellStep Step(Variable x, Variable h, CellWeights w, Nonlinearity nonlinearity)
    {
        var preActivation = Ops.Add(Ops.Linear(x, w.InputWeight, w.InputBias), Ops.Linear(h, w.RecurrentWeight, w.RecurrentBias));
        var hidden = Activate(preActivation, nonlinearity); // h_t = g(W_ih x_t + b_ih + W_hh h_{t−1} + b_hh)
        return new CellStep(hidden, null, new Dictionary<string, Variable>
        {
            ["pre_activation"] = preActivation,
            ["hidden"] = hidden,
        });
    }
}
