using Recurrent.Autograd;
using Recurrent.Tensors;
using static Recurrent.Recurrence.GateBlocks;

namespace Recurrent.Recurrence;

/// <summary>
/// Reference GRU cell in the reset-before form of Cho et al. (2014), ONNX (linear_before_reset = 0) and Keras
/// (reset_after = False): the reset gate scales h_{t−1} before the candidate's recurrent product. PyTorch's weight layout,
/// gate blocks r, z, n, so a PyTorch GRU's parameters load unchanged (the outputs differ: nn.GRU is reset-after, see
/// <see cref="GruCell"/>). <see cref="Step"/> is plain autograd ops, one line per equation; the fused
/// <see cref="GruResetBeforeSequence"/> (point-wise maths in <see cref="GruResetBeforeGates"/>) must agree with it.
/// </summary>
public sealed class GruResetBeforeCell : RecurrentCell
{
    public override CellKind Kind => CellKind.GruResetBefore;

    public override int GateCount => 3;

    public override IReadOnlyList<string> TraceKeys { get; } = ["reset_gate", "update_gate", "candidate", "hidden"];

    /// <param name="x">x_t [B, I].</param>
    /// <param name="h">h_{t−1} [B, H].</param>
    /// <param name="c">unused (null): a GRU has no cell state.</param>
    /// <param name="w">the layer-direction's parameters.</param>
    public override CellStep Step(Variable x, Variable h, Variable? c, CellWeights w)
    {
        int hiddenSize = w.HiddenSize;
        var inputPart = Ops.Linear(x, w.InputWeight, w.InputBias); // [B, 3H] W_i· x_t + b_i·
        // [B, 2H] W_hr h + b_hr, W_hz h + b_hz
        var gatePart = Ops.Linear(h, Ops.Slice(w.RecurrentWeight, 0, 0, 2 * hiddenSize), Ops.Slice(w.RecurrentBias, 0, 0, 2 * hiddenSize));
        var resetGate = Ops.Sigmoid(Ops.Add(Block(inputPart, 0, hiddenSize), Block(gatePart, 0, hiddenSize)));  // r_t = σ(W_ir x + b_ir + W_hr h + b_hr)
        var updateGate = Ops.Sigmoid(Ops.Add(Block(inputPart, 1, hiddenSize), Block(gatePart, 1, hiddenSize))); // z_t = σ(W_iz x + b_iz + W_hz h + b_hz)
        var resetHidden = Ops.Mul(resetGate, h);                                                                // r_t ⊙ h_{t−1}
        var candidateRecurrent = Ops.Linear(resetHidden, Ops.Slice(w.RecurrentWeight, 0, 2 * hiddenSize, hiddenSize),
            Ops.Slice(w.RecurrentBias, 0, 2 * hiddenSize, hiddenSize));                                         // W_hn (r_t ⊙ h_{t−1}) + b_hn
        // n_t = tanh(W_in x + b_in + W_hn (r_t ⊙ h_{t−1}) + b_hn)
        var candidate = Ops.Tanh(Ops.Add(Block(inputPart, 2, hiddenSize), candidateRecurrent));
        var hidden = Ops.Add(Ops.Mul(Ops.OneMinus(updateGate), candidate), Ops.Mul(updateGate, h));           // h_t = (1 − z_t) ⊙ n_t + z_t ⊙ h_{t−1}
        return new CellStep(hidden, null, new Dictionary<string, Variable>
        {
            ["reset_gate"] = resetGate,
            ["update_gate"] = updateGate,
            ["candidate"] = candidate,
            ["hidden"] = hidden,
        });
    }

    internal override Tensor Run(Variable x, Variable h0, Variable? c0, CellWeights w, SequenceBatch seq, SequenceOutput output, bool record,
        out Action<float[], float[]>? backward) => GruResetBeforeSequence.Run(x, h0, w, seq, output, record, out backward);

    internal override GenerationStep PrepareGeneration(CellWeights w)
    {
        int hidden = w.HiddenSize;
        var candidateWeight = PackedMatrix.Pack(true, hidden, hidden, w.RecurrentWeight.Value.ReadOnlySpan[(2 * hidden * hidden)..], hidden); // W_hnᵀ [H, H]
        return new Generation(w.InputBias.Value.ReadOnlySpan.ToArray(), w.RecurrentBias.Value.ReadOnlySpan.ToArray(), candidateWeight);
    }

    /// <summary>
    /// r and z from the given parts (the n block of recurrentPart, W_hn h_{t−1}, is not the product this form needs), then
    /// (r ⊙ h_{t−1}) W_hnᵀ in the scratch, then n and h_t in place.
    /// </summary>
    private sealed class Generation(float[] inputBias, float[] recurrentBias, PackedMatrix candidateWeightT) : GenerationStep
    {
        public override void Step(Span<float> inputPart, ReadOnlySpan<float> recurrentPart, Span<float> h, Span<float> c, Span<float> scratch)
        {
            int size = h.Length;
            var resetHidden = scratch[..size];
            var candidateRecurrent = scratch.Slice(size, size);
            GruResetBeforeGates.Gates(inputPart, recurrentPart, inputBias, recurrentBias, h, resetHidden);
            Gemm.Multiply(false, 1, 1f, resetHidden, size, candidateWeightT, 0f, candidateRecurrent, size);
            GruResetBeforeGates.Candidate(inputPart, candidateRecurrent, inputBias, recurrentBias, h, h, h);
        }
    }
}
