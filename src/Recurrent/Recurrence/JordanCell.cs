using System.Numerics.Tensors;
using Recurrent.Autograd;
using Recurrent.Tensors;
using static Recurrent.Recurrence.GateBlocks;

namespace Recurrent.Recurrence;

/// <summary>
/// Reference Jordan cell: the same copy mechanism as Elman's, but for the output layer: the previous output
/// y_{t−1}, not the hidden layer, feeds the hidden layer. <see cref="Step"/> is plain autograd ops, one line per equation;
/// the fused <see cref="JordanSequence"/> must agree with it.
/// </summary>
/// <param name="nonlinearity">g: tanh, ReLU, σ or the identity.</param>
public sealed class JordanCell(Nonlinearity nonlinearity) : RecurrentCell
{
    public override CellKind Kind => CellKind.Jordan;

    public override int GateCount => 1;

    /// <summary>The output layer y_t = W_ho h_t + b_ho: weight_ho [H, H] (filled like weight_ih) and bias_ho [H].</summary>
    public override IReadOnlyList<CellParameter> ExtraParameters { get; } =
    [
        new("weight_ho", hidden => [hidden, hidden], CellParameterInit.LikeInputWeight),
        new("bias_ho", hidden => [hidden], CellParameterInit.UniformBias),
    ];

    public override IReadOnlyList<string> TraceKeys { get; } = ["pre_activation", "hidden", "output"];

    /// <summary>g, the activation of the hidden layer.</summary>
    public Nonlinearity Nonlinearity { get; } = nonlinearity;

    /// <param name="x">x_t [B, I].</param>
    /// <param name="y">y_{t−1} [B, H], the previous output.</param>
    /// <param name="c">unused (null): a Jordan cell has no cell state.</param>
    /// <param name="w">the layer-direction's parameters.</param>
    public override CellStep Step(Variable x, Variable y, Variable? c, CellWeights w)
    {
        var (outputWeight, outputBias) = OutputLayer(w);
        var preActivation = Ops.Add(Ops.Linear(x, w.InputWeight, w.InputBias), Ops.Linear(y, w.RecurrentWeight, w.RecurrentBias));
        var hidden = Activate(preActivation, Nonlinearity);       // h_t = g(W_ih x_t + b_ih + W_hh y_{t−1} + b_hh)
        var output = Ops.Linear(hidden, outputWeight, outputBias); // y_t = W_ho h_t + b_ho
        return new CellStep(output, null, new Dictionary<string, Variable>
        {
            ["pre_activation"] = preActivation,
            ["hidden"] = hidden,
            ["output"] = output,
        });
    }

    internal override Tensor Run(Variable x, Variable h0, Variable? c0, CellWeights w, SequenceBatch seq, SequenceOutput output, bool record,
        out Action<float[], float[]>? backward) => JordanSequence.Run(x, h0, w, Nonlinearity, seq, output, record, out backward);

    internal override GenerationStep PrepareGeneration(CellWeights w)
    {
        var (outputWeight, outputBias) = OutputLayer(w);
        return new Generation(SequenceBatch.CombinedBias(w), Nonlinearity, SequenceBatch.PackTransposed(outputWeight.Value),
            outputBias.Value.ReadOnlySpan.ToArray());
    }

    /// <summary>Jordan's output layer (weight_ho, bias_ho) among <paramref name="w"/>'s parameters.</summary>
    internal static (Variable Weight, Variable Bias) OutputLayer(CellWeights w) => w.Extra is [var weight, var bias]
        ? (weight, bias)
        : throw new InvalidOperationException("A Jordan cell needs its output layer weight_ho and bias_ho in CellWeights.Extra.");

    /// <summary>
    /// h_t = g(x W_ihᵀ + y W_hhᵀ + b_ih + b_hh) through <see cref="ElmanGates.Forward"/> into the scratch, then
    /// y_t = h_t W_hoᵀ + b_ho into <c>h</c>, the carried state.
    /// </summary>
    private sealed class Generation(float[] bias, Nonlinearity g, PackedMatrix outputWeightT, float[] outputBias) : GenerationStep
    {
        public override void Step(Span<float> inputPart, ReadOnlySpan<float> recurrentPart, Span<float> h, Span<float> c, Span<float> scratch)
        {
            int size = h.Length;
            var hidden = scratch[..size];
            ElmanGates.Forward(inputPart, recurrentPart, bias, g, hidden, hidden);
            Gemm.Multiply(false, 1, 1f, hidden, size, outputWeightT, 0f, h, size);
            TensorPrimitives.Add(h, outputBias, h);
        }
    }
}
