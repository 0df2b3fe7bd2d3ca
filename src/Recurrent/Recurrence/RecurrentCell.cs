using Recurrent.Autograd;

namespace Recurrent.Recurrence;

/// <summary>
/// The contract of a recurrent cell (after candle's <c>zero_state</c> / <c>step</c> / <c>seq</c>): what a
/// <see cref="RecurrentLayer"/>, the language-model stepper and the tools need to know about one kind of cell, in one place.
/// A cell states its shape (gate blocks, whether it carries a cell state, whether it has an output layer) and gives four
/// paths through the same equations:
/// <list type="number">
/// <item><see cref="Step"/>, the reference step: plain autograd ops, one line per equation (the tape does BPTT);</item>
/// <item><see cref="Run"/>, the fused sequence kernel: one autograd node per direction with a hand-written BPTT, or with
/// no tape, nothing cached for BPTT;</item>
/// <item><see cref="PrepareGeneration"/>, a single step of one row on plain spans, for generation.</item>
/// </list>
/// <see cref="RecurrentCells.Of"/> maps a <see cref="CellKind"/> (and nonlinearity) to its cell; adding a cell is adding
/// its files and one line there (see docs/recurrence.md, "How to add a cell").
/// </summary>
public abstract class RecurrentCell
{
    /// <summary>The kind this cell is registered under.</summary>
    public abstract CellKind Kind { get; }

    /// <summary>Gate blocks G: weight_ih is [G·H, I], weight_hh [G·H, H], each bias [G·H].</summary>
    public abstract int GateCount { get; }

    /// <summary>True when the cell carries a cell state c besides h (LSTM): c0 is read and c_n returned.</summary>
    public virtual bool HasCellState => false;

    /// <summary>
    /// Parameters the cell has beyond PyTorch's four, in the order <see cref="CellWeights.Extra"/> gives them (Jordan: its
    /// output layer weight_ho, bias_ho); none for PyTorch's cells. The layer registers, fills and counts them.
    /// </summary>
    public virtual IReadOnlyList<CellParameter> ExtraParameters => [];

    /// <summary>The keys of <see cref="CellStep.Values"/>, in the order a trace shows them.</summary>
    public abstract IReadOnlyList<string> TraceKeys { get; }

    /// <summary>
    /// The reference step on a tape: x_t [B, I], the carried state h_{t−1} [B, H] (Jordan: y_{t−1}), c_{t−1} [B, H] when
    /// <see cref="HasCellState"/> (else null) and the layer-direction's weights.
    /// </summary>
    public abstract CellStep Step(Variable x, Variable h, Variable? c, CellWeights w);

    /// <summary>
    /// The fused kernel over one direction: x [T, B, I] time-major, h0 (and c0) holding [B, H] values. Writes the outputs
    /// into <paramref name="output"/> (zero at padded steps). Without a tape to record on, <see cref="Run"/> keeps nothing
    /// for BPTT. This is the one place that decides.
    /// </summary>
    internal SequencePass Sequence(Variable x, Variable h0, Variable? c0, CellWeights w, SequenceBatch seq, SequenceOutput output)
    {
        Variable[] inputs = [x, h0, .. HasCellState ? [c0!] : Array.Empty<Variable>(), .. w.Parameters];
        var finals = Run(x, h0, c0, w, seq, output, Buffers.WillRecord(inputs), out var backward);
        return new SequencePass(finals, inputs, backward);
    }

    /// <summary>
    /// The fused forward pass, returning the final states [S, B, H] (h_n; then c_n when <see cref="HasCellState"/>). When
    /// <paramref name="record"/>, it keeps its caches and gives the BPTT, which takes ∂L/∂outputs (in
    /// <paramref name="output"/>'s layout) and ∂L/∂finals, accumulates every gradient and gives the caches back to the
    /// pool; otherwise (inference) it caches nothing for BPTT and <paramref name="backward"/> is null.
    /// </summary>
    internal abstract Tensor Run(Variable x, Variable h0, Variable? c0, CellWeights w, SequenceBatch seq, SequenceOutput output, bool record,
        out Action<float[], float[]>? backward);

    /// <summary>
    /// What one step of one row needs, prepared once from the weights as they are now (packed, biases combined): see
    /// <see cref="GenerationStep"/>.
    /// </summary>
    internal abstract GenerationStep PrepareGeneration(CellWeights w);
}
