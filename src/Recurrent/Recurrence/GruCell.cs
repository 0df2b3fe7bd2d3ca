using Recurrent.Autograd;
using static Recurrent.Recurrence.GateBlocks;

namespace Recurrent.Recurrence;

/// <summary>
/// Reference GRU cell (Cho et al. 2014) in PyTorch's reset-after form, gate blocks in the order r, z, n.
/// <see cref="Step"/> is plain autograd ops, one line per equation; the fused <see cref="GruSequence"/> (point-wise maths in
/// <see cref="GruGates"/>) must agree with it.
/// </summary>
public sealed class GruCell : RecurrentCell
{
    public override CellKind Kind => CellKind.Gru;

    public override int GateCount => 3;

    public override IReadOnlyList<string> TraceKeys { get; } = ["reset_gate", "update_gate", "candidate", "hidden"];

    /// <param name="x">x_t [B, I].</param>
    /// <param name="h">h_{t−1} [B, H].</param>
    /// <param name="c">unused (null): a GRU has no cell state.</param>
    /// <param name="w">the layer-direction's parameters.</param>
    public override CellStep Step(Variable x, Variable h, Variable? c, CellWeights w)
    {
        int hiddenSize = w.HiddenSize;
        var inputPart = Ops.Linear(x, w.InputWeight, w.InputBias);          // [B, 3H] W_i· x_t + b_i·
        var recurrentPart = Ops.Linear(h, w.RecurrentWeight, w.RecurrentBias); // [B, 3H] W_h· h_{t−1} + b_h·
        var resetGate = Ops.Sigmoid(Ops.Add(Block(inputPart, 0, hiddenSize), Block(recurrentPart, 0, hiddenSize)));  // r_t = σ(W_ir x + b_ir + W_hr h + b_hr)
        var updateGate = Ops.Sigmoid(Ops.Add(Block(inputPart, 1, hiddenSize), Block(recurrentPart, 1, hiddenSize))); // z_t = σ(W_iz x + b_iz + W_hz h + b_hz)
        // n_t = tanh(W_in x + b_in + r_t ⊙ (W_hn h + b_hn))
        var candidate = Ops.Tanh(Ops.Add(Block(inputPart, 2, hiddenSize), Ops.Mul(resetGate, Block(recurrentPart, 2, hiddenSize))));
        var hidden = Ops.Add(Ops.Mul(Ops.OneMinus(updateGate), candidate), Ops.Mul(updateGate, h)); // h_t = (1 − z_t) ⊙ n_t + z_t ⊙ h_{t−1}
        return new CellStep(hidden, null, new Dictionary<string, Variable>
        {
            ["reset_gate"] = resetGate,
            ["update_gate"] = updateGate,
            ["candidate"] = candidate,
            ["hidden"] = hidden,
        });
    }

    internal override Tensor Run(Variable x, Variable h0, Variable? c0, CellWeights w, SequenceBatch seq, SequenceOutput output, bool record,
        out Action<float[], float[]>? backward) => GruSequence.Run(x, h0, w, seq, output, record, out backward);

    internal override GenerationStep PrepareGeneration(CellWeights w) =>
        new Generation(w.InputBias.Value.ReadOnlySpan.ToArray(), w.RecurrentBias.Value.ReadOnlySpan.ToArray());

    /// <summary>Through <see cref="GruGates.Forward"/>, h in place; scratch takes W_hn h_{t−1} + b_hn, which only BPTT reads.</summary>
    private sealed class Generation(float[] inputBias, float[] recurrentBias) : GenerationStep
    {
        public override void Step(Span<float> inputPart, ReadOnlySpan<float> recurrentPart, Span<float> h, Span<float> c, Span<float> scratch) =>
            GruGates.Forward(inputPart, recurrentPart, inputBias, recurrentBias, h, h, h, scratch[..h.Length]);
    }
}
