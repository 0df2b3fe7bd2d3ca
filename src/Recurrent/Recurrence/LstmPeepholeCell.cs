using Recurrent.Autograd;
using static Recurrent.Recurrence.GateBlocks;

namespace Recurrent.Recurrence;

/// <summary>
/// Reference LSTM cell with peephole connections (Gers &amp; Schmidhuber, "Recurrent nets that time and count", 2000; ONNX's
/// LSTM with its input P): the input and forget gates also see c_{t−1} and the output gate sees c_t, each through a
/// diagonal weight [H]. PyTorch's weight layout for the four matrices and biases (gate blocks i, f, g, o), then
/// weight_pi, weight_pf, weight_po, which start at zero so that a new layer starts as the LSTM without peepholes.
/// <see cref="Step"/> is plain autograd ops, one line per equation; the fused <see cref="LstmPeepholeSequence"/> (point-wise
/// maths in <see cref="LstmPeepholeGates"/>) must agree with it.
/// </summary>
public sealed class LstmPeepholeCell : RecurrentCell
{
    public override CellKind Kind => CellKind.LstmPeephole;

    public override int GateCount => 4;

    public override bool HasCellState => true;

    /// <summary>The peephole weights p_i, p_f, p_o, each [H], zero at first.</summary>
    public override IReadOnlyList<CellParameter> ExtraParameters { get; } =
    [
        new("weight_pi", hidden => [hidden], CellParameterInit.Zeros),
        new("weight_pf", hidden => [hidden], CellParameterInit.Zeros),
        new("weight_po", hidden => [hidden], CellParameterInit.Zeros),
    ];

    /// <summary>The gates and states in the order the equations compute them, each peephole term p ⊙ c before its gate.</summary>
    public override IReadOnlyList<string> TraceKeys { get; } =
        ["input_peephole", "input_gate", "forget_peephole", "forget_gate", "cell_candidate", "cell", "output_peephole", "output_gate", "hidden"];

    /// <param name="x">x_t [B, I].</param>
    /// <param name="h">h_{t−1} [B, H].</param>
    /// <param name="c">c_{t−1} [B, H].</param>
    /// <param name="w">the layer-direction's parameters, with the peephole weights in <see cref="CellWeights.Extra"/>.</param>
    public override CellStep Step(Variable x, Variable h, Variable? c, CellWeights w)
    {
        ArgumentNullException.ThrowIfNull(c);
        var (inputPeephole, forgetPeephole, outputPeephole) = PeepholeWeights(w);
        int hiddenSize = w.HiddenSize;
        var gates = Ops.Add(Ops.Linear(x, w.InputWeight, w.InputBias), Ops.Linear(h, w.RecurrentWeight, w.RecurrentBias)); // [B, 4H]
        var inputPeepholeTerm = Ops.Mul(c, inputPeephole);                                    // p_i ⊙ c_{t−1}
        var inputGate = Ops.Sigmoid(Ops.Add(Block(gates, 0, hiddenSize), inputPeepholeTerm));   // i_t = σ(W_i · [h_{t−1}, x_t] + b_i + p_i ⊙ c_{t−1})
        var forgetPeepholeTerm = Ops.Mul(c, forgetPeephole);                                  // p_f ⊙ c_{t−1}
        var forgetGate = Ops.Sigmoid(Ops.Add(Block(gates, 1, hiddenSize), forgetPeepholeTerm)); // f_t = σ(W_f · [h_{t−1}, x_t] + b_f + p_f ⊙ c_{t−1})
        var cellCandidate = Ops.Tanh(Block(gates, 2, hiddenSize));                            // g_t = tanh(W_g · [h_{t−1}, x_t] + b_g)
        var cell = Ops.Add(Ops.Mul(forgetGate, c), Ops.Mul(inputGate, cellCandidate));       // c_t = f_t ⊙ c_{t−1} + i_t ⊙ g_t
        var outputPeepholeTerm = Ops.Mul(cell, outputPeephole);                               // p_o ⊙ c_t
        var outputGate = Ops.Sigmoid(Ops.Add(Block(gates, 3, hiddenSize), outputPeepholeTerm)); // o_t = σ(W_o · [h_{t−1}, x_t] + b_o + p_o ⊙ c_t)
        var hidden = Ops.Mul(outputGate, Ops.Tanh(cell));                                     // h_t = o_t ⊙ tanh(c_t)
        return new CellStep(hidden, cell, new Dictionary<string, Variable>
        {
            ["input_peephole"] = inputPeepholeTerm,
            ["input_gate"] = inputGate,
            ["forget_peephole"] = forgetPeepholeTerm,
            ["forget_gate"] = forgetGate,
            ["cell_candidate"] = cellCandidate,
            ["cell"] = cell,
            ["output_peephole"] = outputPeepholeTerm,
            ["output_gate"] = outputGate,
            ["hidden"] = hidden,
        });
    }

    internal override Tensor Run(Variable x, Variable h0, Variable? c0, CellWeights w, SequenceBatch seq, SequenceOutput output, bool record,
        out Action<float[], float[]>? backward) => LstmPeepholeSequence.Run(x, h0, c0!, w, seq, output, record, out backward);

    internal override GenerationStep PrepareGeneration(CellWeights w) => new Generation(SequenceBatch.CombinedBias(w), Peepholes(w));

    /// <summary>The peephole weights p_i, p_f, p_o [H] among <paramref name="w"/>'s parameters.</summary>
    internal static (Variable Input, Variable Forget, Variable Output) PeepholeWeights(CellWeights w) => w.Extra is [var input, var forget, var output]
        ? (input, forget, output)
        : throw new InvalidOperationException("A peephole LSTM cell needs weight_pi, weight_pf and weight_po in CellWeights.Extra.");

    /// <summary>The peephole weights as they are now, one array [3H]: p_i, p_f, p_o.</summary>
    internal static float[] Peepholes(CellWeights w)
    {
        var (input, forget, output) = PeepholeWeights(w);
        return [.. input.Value.ReadOnlySpan, .. forget.Value.ReadOnlySpan, .. output.Value.ReadOnlySpan];
    }

    /// <summary>gates = x W_ihᵀ + h W_hhᵀ + b_ih + b_hh and the peepholes through <see cref="LstmPeepholeGates.Forward"/>; c and h in place.</summary>
    private sealed class Generation(float[] bias, float[] peepholes) : GenerationStep
    {
        public override void Step(Span<float> inputPart, ReadOnlySpan<float> recurrentPart, Span<float> h, Span<float> c, Span<float> scratch) =>
            LstmPeepholeGates.Forward(inputPart, recurrentPart, bias, peepholes, c, h, c, h);
    }
}
