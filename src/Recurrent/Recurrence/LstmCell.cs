using Recurrent.Autograd;
using static Recurrent.Recurrence.GateBlocks;

namespace Recurrent.Recurrence;

/// <summary>
/// Reference LSTM cell, the source material's equations (5)–(10) with PyTorch's weight layout: each gate's
/// W · [h_{t−1}, x_t] + b is W_i· x_t + b_i· + W_h· h_{t−1} + b_h·, gate blocks in the order i, f, g, o.
/// <see cref="Step"/> is plain autograd ops, one line per equation; the fused <see cref="LstmSequence"/> (point-wise maths in
/// <see cref="LstmGates"/>) must agree with it.
/// </summary>
public sealed class LstmCell : RecurrentCell
{
    public override CellKind Kind => CellKind.Lstm;

    public override int GateCount => 4;

    public override bool HasCellState => true;

    public override IReadOnlyList<string> TraceKeys { get; } = ["input_gate", "forget_gate", "cell_candidate", "output_gate", "cell", "hidden"];

    /// <param name="x">x_t [B, I].</param>
    /// <param name="h">h_{t−1} [B, H].</param>
    /// <param name="c">C_{t−1} [B, H].</param>
    /// <param name="w">the layer-direction's parameters.</param>
    public override CellStep Step(Variable x, Variable h, Variable? c, CellWeights w)
    {
        ArgumentNullException.ThrowIfNull(c);
        int hiddenSize = w.HiddenSize;
        var gates = Ops.Add(Ops.Linear(x, w.InputWeight, w.InputBias), Ops.Linear(h, w.RecurrentWeight, w.RecurrentBias)); // [B, 4H]
        var inputGate = Ops.Sigmoid(Block(gates, 0, hiddenSize));     // i_t = σ(W_i · [h_{t−1}, x_t] + b_i)
        var forgetGate = Ops.Sigmoid(Block(gates, 1, hiddenSize));    // f_t = σ(W_f · [h_{t−1}, x_t] + b_f)
        var cellCandidate = Ops.Tanh(Block(gates, 2, hiddenSize));    // C̃_t = tanh(W_C · [h_{t−1}, x_t] + b_C)
        var outputGate = Ops.Sigmoid(Block(gates, 3, hiddenSize));    // o_t = σ(W_o · [h_{t−1}, x_t] + b_o)
        var cell = Ops.Add(Ops.Mul(forgetGate, c), Ops.Mul(inputGate, cellCandidate)); // C_t = f_t ⊙ C_{t−1} + i_t ⊙ C̃_t
        var hidden = Ops.Mul(outputGate, Ops.Tanh(cell));             // h_t = o_t ⊙ tanh(C_t)
        return new CellStep(hidden, cell, new Dictionary<string, Variable>
        {
            ["input_gate"] = inputGate,
            ["forget_gate"] = forgetGate,
            ["cell_candidate"] = cellCandidate,
            ["output_gate"] = outputGate,
            ["cell"] = cell,
            ["hidden"] = hidden,
        });
    }

    internal override Tensor Run(Variable x, Variable h0, Variable? c0, CellWeights w, SequenceBatch seq, SequenceOutput output, bool record,
        out Action<float[], float[]>? backward) => LstmSequence.Run(x, h0, c0!, w, seq, output, record, out backward);

    internal override GenerationStep PrepareGeneration(CellWeights w) => new Generation(SequenceBatch.CombinedBias(w));

    /// <summary>
    /// gates = x W_ihᵀ + h W_hhᵀ + b_ih + b_hh through
    /// <see cref="LstmGates.Forward(Span{float}, ReadOnlySpan{float}, ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float}, Span{float}, Span{float})"/>;
    /// c and h in place.
    /// </summary>
    private sealed class Generation(float[] bias) : GenerationStep
    {
        public override void Step(Span<float> inputPart, ReadOnlySpan<float> recurrentPart, Span<float> h, Span<float> c, Span<float> scratch) =>
            LstmGates.Forward(inputPart, recurrentPart, bias, c, h, c, h);
    }
}
