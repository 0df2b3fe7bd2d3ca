using Recurrent.Autograd;
using static Recurrent.Recurrence.GateBlocks;

namespace Recurrent.Recurrence;

/// <summary>
/// Reference Elman cell, the source material's h_t = f_act(W^h h_{t−1} + W^x x_t + b) with PyTorch's two biases.
/// <see cref="Step"/> is plain autograd ops, one line per equation; the fused <see cref="ElmanSequence"/> (point-wise maths
/// in <see cref="ElmanGates"/>) must agree with it.
/// </summary>
/// <param name="nonlinearity">g: tanh, ReLU, σ or the identity.</param>
public sealed class ElmanCell(Nonlinearity nonlinearity) : RecurrentCell
{
    public override CellKind Kind => CellKind.Elman;

    public override int GateCount => 1;

    public override IReadOnlyList<string> TraceKeys { get; } = ["pre_activation", "hidden"];

    /// <summary>g, the activation of the hidden layer.</summary>
    public Nonlinearity Nonlinearity { get; } = nonlinearity;

    /// <param name="x">x_t [B, I].</param>
    /// <param name="h">h_{t−1} [B, H].</param>
    /// <param name="c">unused (null): an Elman cell has no cell state.</param>
    /// <param name="w">the layer-direction's parameters.</param>
    public override CellStep Step(Variable x, Variable h, Variable? c, CellWeights w)
    {
        var preActivation = Ops.Add(Ops.Linear(x, w.InputWeight, w.InputBias), Ops.Linear(h, w.RecurrentWeight, w.RecurrentBias));
        var hidden = Activate(preActivation, Nonlinearity); // h_t = g(W_ih x_t + b_ih + W_hh h_{t−1} + b_hh)
        return new CellStep(hidden, null, new Dictionary<string, Variable>
        {
            ["pre_activation"] = preActivation,
            ["hidden"] = hidden,
        });
    }

    internal override Tensor Run(Variable x, Variable h0, Variable? c0, CellWeights w, SequenceBatch seq, SequenceOutput output, bool record,
        out Action<float[], float[]>? backward) => ElmanSequence.Run(x, h0, w, Nonlinearity, seq, output, record, out backward);

    internal override GenerationStep PrepareGeneration(CellWeights w) => new Generation(SequenceBatch.CombinedBias(w), Nonlinearity);

    /// <summary>h_t = g(x W_ihᵀ + h W_hhᵀ + b_ih + b_hh) through <see cref="ElmanGates.Forward"/>, h in place.</summary>
    private sealed class Generation(float[] bias, Nonlinearity g) : GenerationStep
    {
        public override void Step(Span<float> inputPart, ReadOnlySpan<float> recurrentPart, Span<float> h, Span<float> c, Span<float> scratch) =>
            ElmanGates.Forward(inputPart, recurrentPart, bias, g, h, h);
    }
}
