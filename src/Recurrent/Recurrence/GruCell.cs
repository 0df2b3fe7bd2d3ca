using Recurrent.Autograd;
using static Recurrent.Recurrence.GateBlocks;

namespace Recurrent.Recurrence;

/// <summary>
/// Reference GRU cell (Cho et al. 2014) in PyTorch's reset-after form, gate blocks in the order r, z, n.
/// Plain autograd ops, one line per equation; the fused <see cref="GruSequence"/> must agree with it.
/// </summary>
public static class GruCell
{
    /// <param name="x">x_t [B, I].</param>
    /// <param name="h">h_{t−1} [B, H].</param>
    /// <param name="w">the layer-direction's parameters.</param>
    public static CellStep Step(Variable x, Variable h, CellWeights w)
    {
        int hiddenSize = w.HiddenSize;
        var inputPart = Ops.Linear(x, w.InputWeight, w.InputBias);          // [B, 3H] W_i· x_t + b_i·
        var recurrentPart = Ops.Linear(h, w.RecurrentWeight, w.RecurrentBias); // [B, 3H] W_h· h_{t−1} + b_h·
        var resetGate = Ops.Sigmoid(Ops.Add(Block(inputPart, 0, hiddenSize), Block(recurrentPart, 0, hiddenSize)));  // r_t = σ(W_ir x + b_ir + W_hr h + b_hr)
        var updateGate = Ops.Sigmoid(Ops.Add(Block(inputPart, 1, hiddenSize), Block(recurrentPart, 1, hiddenSize))); // z_t = σ(W_iz x + b_iz + W_hz h + b_hz)
        var candidate = Ops.Tanh(Ops.Add(Block(inputPart, 2, hiddenSize), Ops.Mul(resetGate, Block(recurrentPart, 2, hiddenSize)))); // n_t = tanh(W_in x + b_in + r_t ⊙ (W_hn h + b_hn))
        var hidden = Ops.Add(Ops.Mul(Ops.OneMinus(updateGate), candidate), Ops.Mul(updateGate, h)); // h_t = (1 − z_t) ⊙ n_t + z_t ⊙ h_{t−1}
        return new CellStep(hidden, null, new Dictionary<string, Variable>
        {
            ["reset_gate"] = resetGate,
            ["update_gate"] = updateGate,
            ["candidate"] = candidate,
            ["hidden"] = hidden,
        });
    }
}
