using Recurrent.Tensors;
using System.Numerics.Tensors;
using Recurrent.Autograd;

namespace Recurrent.Recurrence;

/// <summary>
/// The time-major layout shared by the fused sequence kernels: one direction's pass over a padded batch of
/// T steps and B sequences with their lengths, plus the whole-sequence GEMMs that every cell does the same way.
/// Element b takes part in step t only when t &lt; length_b; the forward direction visits t = 0..T−1,
/// the reverse direction t = T−1..0, so it starts at each sequence's own last token.
/// <para>
/// States live in a [T+1, B, H] buffer of slots ordered so that the states read by steps t = 0..T−1 form one
/// contiguous [T·B, H] block (the right operand of dW_hh = dGᵀ · [h_prev]): forward, slot 0 holds the initial
/// state and slot t+1 the state after step t; reverse, slot T holds the initial state and slot t the state after step t.
/// </para>
/// </summary>
internal sealed class SequenceBatch
{
    public SequenceBatch(int steps, int batch, int[] lengths, bool reverse)
    {
        Steps = steps;
        Batch = batch;
        Lengths = lengths;
        Reverse = reverse;
    }

    /// <summary>T.</summary>
    public int Steps { get; }

    /// <summary>B.</summary>
    public int Batch { get; }

    /// <summary>length_b for each sequence, each in [1, T].</summary>
    public int[] Lengths { get; }

    public bool Reverse { get; }

    /// <summary>The time index of the <paramref name="step"/>-th step in processing order.</summary>
    public int TimeAt(int step) => Reverse ? Steps - 1 - step : step;

    /// <summary>True when sequence b has a token at time t (false on padding).</summary>
    public bool IsActive(int t, int b) => t < Lengths[b];

    /// <summary>
    /// The rows of [<paramref name="first"/>, <paramref name="end"/>) that a step's products at time t need: from the first
    /// to the last that has a token at t, widened to whole tiles of <see cref="RowChains.ChainRows"/> rows counted from
    /// <paramref name="first"/> (so that each row goes through the same micro-kernel tile, and gives the same bits, however
    /// the batch is split); an empty range when no row has a token. A padded row reads none of the products. A batch ordered
    /// longest first (as <c>pack_padded_sequence</c> orders it) makes the range shrink as its sequences end.
    /// </summary>
    public (int First, int End) ActiveRows(int t, int first, int end)
    {
        int from = first, to = end;
        while (from < to && t >= Lengths[from]) from++;
        while (to > from && t >= Lengths[to - 1]) to--;
        if (from == to) return (from, from);
        int tile = RowChains.ChainRows;
        return (first + (from - first) / tile * tile, Math.Min(end, first + (to - first + tile - 1) / tile * tile));
    }

    /// <summary>Slot of the state after step t.</summary>
    public int StateSlot(int t) => Reverse ? t : t + 1;

    /// <summary>Slot of the state step t reads.</summary>
    public int PreviousSlot(int t) => Reverse ? t + 1 : t;

    public int InitialSlot => Reverse ? Steps : 0;

    /// <summary>Slot of h_n: after the last step in processing order, which holds each sequence's state at its own end.</summary>
    public int FinalSlot => Reverse ? 0 : Steps;

    /// <summary>First slot of the contiguous [T·B, H] block of previous states (slot of step 0's input state).</summary>
    public int FirstPreviousSlot => Reverse ? 1 : 0;

    /// <summary>
    /// Records the fused kernel runs that filled <paramref name="outputs"/> (one direction's [T, B, H], or both directions'
    /// halves of [T, B, 2H]) as one autograd node for the outputs plus one per run for its final states, so neither is a copy
    /// sliced out of or concatenated into another tensor. The finals are recorded after the outputs with the outputs as their
    /// input, so the tape runs their (empty) backward steps first and then the node's, which runs the passes' BPTT in reverse
    /// order of recording with ∂L/∂outputs and each pass's ∂L/∂finals (zeros for a result the loss does not use).
    /// </summary>
    public static (Variable Outputs, Variable[] Finals) Record(Tensor outputs, params SequencePass[] passes)
    {
        var finals = new Variable?[passes.Length];
        var inputs = passes.SelectMany(p => p.Inputs).Distinct().ToArray();
        var outputsVariable = Tape.Record(outputs, inputs, node => () =>
        {
            for (int i = passes.Length - 1; i >= 0; i--)
                passes[i].Backward?.Invoke(node.Grad!.Data, finals[i]?.Grad?.Data ?? new float[passes[i].Finals.Size]);
        });
        if (outputsVariable.Tape is null) return (outputsVariable, passes.Select(p => new Variable(p.Finals)).ToArray());
        // Their gradients stay where they are for the passes to read; the outputs must get one too, or the tape skips the node.
        for (int i = 0; i < passes.Length; i++)
            finals[i] = Tape.Record(passes[i].Finals, outputsVariable, node => () => outputsVariable.GradOrZeros());
        return (outputsVariable, finals.Select(f => f!).ToArray());
    }

    /// <summary>
    /// gates [T·B, G·H] = X [T·B, I] · W_ihᵀ: the input projection of every step in one GEMM. The biases are added by each
    /// cell's step pass, where the row is in cache, rather than in a pass over all of gates.
    /// </summary>
    public static void ProjectInputs(Tensor x, Tensor inputWeight, float[] gates)
    {
        int rows = x.Size / inputWeight.Dim(1), width = inputWeight.Dim(0), inputSize = inputWeight.Dim(1);
        if (rows <= SharedPackingRows && Tape.SharedPacking(inputWeight, transposed: true) is { } packed)
            Gemm.Multiply(false, rows, 1f, x.ReadOnlySpan, inputSize, packed, 0f, gates, width);
        else
            Gemm.Multiply(false, true, rows, width, inputSize, 1f, x.ReadOnlySpan, inputSize, inputWeight.ReadOnlySpan, inputSize, 0f, gates, width);
    }

    /// <summary>Input products of up to this many rows (a decoder's single step) use the weight packed once per tape (see
    /// <see cref="Tape.PackWeightsOnce"/>); longer sequences pack it inside their one large product, as before.</summary>
    private const int SharedPackingRows = 128;

    /// <summary>b_ih + b_hh [G·H], for cells where both biases enter the same sum.</summary>
    public static float[] CombinedBias(CellWeights w)
    {
        var bias = new float[w.InputBias.Value.Size];
        TensorPrimitives.Add(w.InputBias.Value.ReadOnlySpan, w.RecurrentBias.Value.ReadOnlySpan, bias);
        return bias;
    }

    /// <summary>
    /// Backward of Y = X · Wᵀ + b over all steps at once: for dY [rows, n], X [rows, k] and W [n, k],
    /// dW += dYᵀ · X when the weight requires a gradient (the bias: <see cref="AccumulateBiasGradients"/>).
    /// </summary>
    public static void AccumulateWeightGradient(ReadOnlySpan<float> dY, int rows, ReadOnlySpan<float> x, Variable weight)
    {
        int n = weight.Dim(0), k = weight.Dim(1);
        if (!weight.RequiresGrad || Tape.GatherWeightGradient(weight, dY, rows, x)) return;
        var grad = weight.GradForAccumulation(out float beta);
        Gemm.Multiply(true, false, n, k, rows, 1f, dY, n, x, k, beta, grad.Span, k);
    }

    /// <summary>
    /// db += Σ_rows dY for each bias that requires a gradient, dY [rows, n]: the column sums are computed once (split
    /// across cores by columns) and shared by biases that enter the same sum, such as b_ih and b_hh of an LSTM.
    /// </summary>
    public static void AccumulateBiasGradients(float[] dY, int rows, params Variable?[] biases)
    {
        var needed = biases.Where(b => b is { RequiresGrad: true }).Select(b => b!).ToArray();
        if (needed.Length == 0) return;
        int n = needed[0].Value.Size;
        var sums = new float[n];
        ParallelRanges.For(n, 16, 64, (first, end) =>
        {
            var total = sums.AsSpan(first, end - first);
            for (int row = 0; row < rows; row++)
                TensorPrimitives.Add(total, dY.AsSpan(row * n + first, end - first), total);
        });
        foreach (var bias in needed) bias.AccumulateGrad(sums);
    }

    /// <summary>dX [rows, k] += dY [rows, n] · W [n, k], when x requires a gradient.</summary>
    public static void AccumulateInputGradient(ReadOnlySpan<float> dY, int rows, Variable x, Variable weight)
    {
        if (!x.RequiresGrad) return;
        int n = weight.Dim(0), k = weight.Dim(1);
        var grad = x.GradForAccumulation(out float beta);
        if (rows <= SharedPackingRows && Tape.SharedPacking(weight.Value, transposed: false) is { } packed)
            Gemm.Multiply(false, rows, 1f, dY, n, packed, beta, grad.Span, k);
        else
            Gemm.Multiply(false, false, rows, k, n, 1f, dY, n, weight.Value.ReadOnlySpan, k, beta, grad.Span, k);
    }

    /// <summary>
    /// The gradients of x and of the cell's four weights from gate gradients dG [rows, G·H] whose input side and recurrent side
    /// are the same (both biases enter each sum unscaled): dX += dG · W_ih, dW_ih += dGᵀ · X, dW_hh += dGᵀ · H_prev
    /// (<paramref name="previousStates"/>: h_{t−1} [rows, H], the states in slot order from the first step's previous slot),
    /// db_ih, db_hh += Σ dG.
    /// </summary>
    public static void AccumulateGateGradients(float[] gateGradients, int rows, Variable x, CellWeights w, ReadOnlySpan<float> previousStates)
    {
        AccumulateInputGradient(gateGradients, rows, x, w.InputWeight);
        AccumulateWeightGradient(gateGradients, rows, x.Value.ReadOnlySpan, w.InputWeight);
        AccumulateWeightGradient(gateGradients, rows, previousStates[..(rows * w.HiddenSize)], w.RecurrentWeight);
        AccumulateBiasGradients(gateGradients, rows, w.InputBias, w.RecurrentBias);
    }

    /// <summary>Adds a [B, H] gradient into an initial-state variable, when it requires one.</summary>
    public static void AccumulateStateGradient(Variable state, ReadOnlySpan<float> gradient)
    {
        if (state.RequiresGrad) state.AccumulateGrad(gradient);
    }

    /// <summary>The packed right operand W_hhᵀ [H, G·H] of the per-step product h_{t−1} · W_hhᵀ.</summary>
    public static PackedMatrix PackTransposed(Tensor weight) => PackedMatrix.Pack(true, weight.Dim(1), weight.Dim(0), weight.ReadOnlySpan, weight.Dim(1));

    /// <summary>The packed right operand W_hh [G·H, H] of the backward product dG_t · W_hh.</summary>
    public static PackedMatrix Pack(Tensor weight) => PackedMatrix.Pack(false, weight.Dim(0), weight.Dim(1), weight.ReadOnlySpan, weight.Dim(1));
}
