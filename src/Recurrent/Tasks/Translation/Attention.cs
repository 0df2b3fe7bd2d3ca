using Recurrent.Autograd;
using Recurrent.Layers;
using Recurrent.Tensors;

namespace Recurrent.Tasks.Translation;

/// <summary>
/// Attention of a decoder over the encoder's outputs h_i (exercise sheet 3.1, 5.2; Bahdanau equations (11)–(13)):
/// e_{t,i} = align(s, h_i), α_{t,i} = softmax over the real source positions i of e_{t,i}, c_t = Σ_i α_{t,i} h_i.
/// <see cref="PrepareKeys"/> projects the encoder outputs once per batch; <see cref="Attend(AttentionMemory, Variable)"/> then
/// scores one decoder state per sentence against them at every step. The score is multiplicative, e_i = q · k_i, or additive,
/// e_i = v · tanh(q + k_i), where q is the query (projected when the form has a query weight) and k_i the key of position i;
/// the subclasses say how keys and queries are made.
/// </summary>
public abstract class Attention : Module
{
    protected Attention(int querySize, int valueSize)
    {
        if (querySize < 1) throw new ArgumentOutOfRangeException(nameof(querySize), $"{GetType().Name}: the query size must be at least 1, got {querySize}.");
        if (valueSize < 1) throw new ArgumentOutOfRangeException(nameof(valueSize), $"{GetType().Name}: the value size must be at least 1, got {valueSize}.");
        QuerySize = querySize;
        ValueSize = valueSize;
    }

    /// <summary>D_s, the width of the decoder state that queries.</summary>
    public int QuerySize { get; }

    /// <summary>D_h, the width of the encoder outputs averaged into the context vector.</summary>
    public int ValueSize { get; }

    public abstract AttentionKind Kind { get; }

    /// <summary>v [1, A] of an additive score v · tanh(q + k_i), or null for a multiplicative score q · k_i.</summary>
    protected abstract Variable? Energy { get; }

    /// <summary>
    /// The keys [B, S, K] of encoder outputs [B, S, D_h], and the matrix [K, D_s] that projects a query onto them (null: the
    /// query is used as it is). Runs once per batch, on the tape when one is open.
    /// </summary>
    protected abstract (Variable Keys, Variable? QueryWeight) ProjectKeys(Variable encoderOutputs);

    /// <summary>
    /// The attention module of <paramref name="kind"/> for decoder states of width <paramref name="querySize"/> (D_s) and
    /// encoder outputs of width <paramref name="valueSize"/> (D_h), with <paramref name="attentionSize"/> (A) hidden units
    /// for the additive forms; null for <see cref="AttentionKind.None"/>, which has no module.
    /// </summary>
    public static Attention? Create(AttentionKind kind, int querySize, int valueSize, int attentionSize, Rng rng) => kind switch
    {
        AttentionKind.None => null,
        AttentionKind.Bahdanau => new BahdanauAttention(querySize, valueSize, attentionSize, rng),
        AttentionKind.LuongDot or AttentionKind.LuongGeneral or AttentionKind.LuongConcat =>
            new LuongAttention(kind, querySize, valueSize, attentionSize, rng),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, $"Unknown attention kind {kind}."),
    };

    /// <summary>
    /// Once per batch: keeps the encoder outputs [B, S, D_h] and computes their keys (W₂ h_i for Bahdanau), so that no step
    /// projects them again. <paramref name="sourceLengths"/> [B] gives each sentence's real length (null: all S).
    /// </summary>
    public AttentionMemory PrepareKeys(Variable encoderOutputs, int[]? sourceLengths)
    {
        ArgumentNullException.ThrowIfNull(encoderOutputs);
        if (encoderOutputs.Value.Rank != 3 || encoderOutputs.Dim(2) != ValueSize)
            throw new ArgumentException($"{GetType().Name}.PrepareKeys needs encoder outputs [B, S, {ValueSize}], " +
                $"got {Tensor.ShapeText(encoderOutputs.Shape)}.", nameof(encoderOutputs));
        int batch = encoderOutputs.Dim(0), sourceLength = encoderOutputs.Dim(1);
        int[] lengths = sourceLengths is null ? Enumerable.Repeat(sourceLength, batch).ToArray() : (int[])sourceLengths.Clone();
        if (lengths.Length != batch)
            throw new ArgumentException($"{GetType().Name}.PrepareKeys: {lengths.Length} source lengths for a batch of {batch}.", nameof(sourceLengths));
        for (int b = 0; b < batch; b++)
            if (lengths[b] < 1 || lengths[b] > sourceLength)
                throw new ArgumentOutOfRangeException(nameof(sourceLengths), $"{GetType().Name}.PrepareKeys: source length {lengths[b]} of " +
                    $"sentence {b} is outside [1, {sourceLength}]; every sentence needs at least one position to attend to.");
        var (keys, queryWeight) = ProjectKeys(encoderOutputs);
        return new AttentionMemory(this, encoderOutputs, keys, lengths, queryWeight);
    }

    /// <summary>
    /// One decoder step on the tape: query s [B, D_s] → context c = Σ_i α_i h_i [B, D_h] and weights α [B, S], which are
    /// exactly 0 at padded source positions and sum to 1 over the real ones.
    /// </summary>
    public (Variable Context, Variable Weights) Attend(AttentionMemory memory, Variable query)
    {
        ArgumentNullException.ThrowIfNull(query);
        CheckMemory(memory);
        if (query.Value.Rank != 2 || query.Dim(0) != memory.BatchSize || query.Dim(1) != QuerySize)
            throw QueryError(memory, Tensor.ShapeText(query.Shape));
        var q = memory.QueryWeight is null ? query : Ops.MatMul(query, memory.QueryWeight, transB: true); // [B, K]
        var scores = Energy is null                                                                       // [B, S]
            ? Ops.DotScores(memory.Keys, q, memory.Lengths)
            : Ops.AdditiveScores(memory.Keys, q, Energy, memory.Lengths);
        var weights = Ops.MaskedSoftmaxOverTime(scores, memory.Lengths);                                  // [B, S]
        return (Ops.WeightedSumOverTime(memory.Values, weights), weights);
    }

    /// <summary>
    /// The same step for inference, without the tape, on plain spans: query [B·D_s] → <paramref name="context"/> [B·D_h] and
    /// <paramref name="weights"/> [B·S], both overwritten. It allocates nothing after its first call on a memory, whose
    /// scratch it reuses: one memory serves one decoding loop at a time.
    /// </summary>
    public void Attend(AttentionMemory memory, ReadOnlySpan<float> query, Span<float> context, Span<float> weights) =>
        Attend(memory, query, context, weights, memoryRows: default);

    /// <summary>
    /// The same for N queries that may share sentences (the hypotheses of a beam): query row r attends to the memory of
    /// sentence <paramref name="memoryRows"/>[r]; empty <paramref name="memoryRows"/> means row r reads sentence r. Query,
    /// context and weights then have N rows.
    /// </summary>
    public void Attend(AttentionMemory memory, ReadOnlySpan<float> query, Span<float> context, Span<float> weights, ReadOnlySpan<int> memoryRows)
    {
        CheckMemory(memory);
        int batch = memoryRows.IsEmpty ? memory.BatchSize : memoryRows.Length, sourceLength = memory.SourceLength, width = memory.Keys.Dim(2);
        foreach (int row in memoryRows)
            if ((uint)row >= (uint)memory.BatchSize)
                throw new ArgumentOutOfRangeException(nameof(memoryRows), $"{GetType().Name}.Attend: memory row {row} is outside its " +
                    $"{memory.BatchSize} sentences.");
        if (query.Length != batch * QuerySize) throw QueryError(memory, $"{query.Length} floats");
        if (context.Length != batch * ValueSize || weights.Length != batch * sourceLength)
            throw new ArgumentException($"{GetType().Name}.Attend: context needs {batch * ValueSize} floats and weights {batch * sourceLength}, " +
                $"got {context.Length} and {weights.Length}.");
        var q = memory.Scratch(batch * width).AsSpan(0, batch * width); // projected queries [B, K]
        if (memory.QueryWeight is { } w)
            Gemm.Multiply(false, true, batch, width, QuerySize, 1f, query, QuerySize, w.Value.ReadOnlySpan, QuerySize, 0f, q, width);
        else
            query.CopyTo(q);
        weights.Clear();
        context.Clear();
        var energy = Energy is null ? default : Energy.Value.ReadOnlySpan;
        unsafe
        {
            fixed (float* keys = memory.Keys.Value.ReadOnlySpan, values = memory.Values.Value.ReadOnlySpan, queries = q, v = energy,
                   alphas = weights, contexts = context)
            fixed (int* sentences = memoryRows)
            {
                // Pinned for the whole call: the ranges run before it returns.
                var rows = memory.Rows;
                rows.Set(keys, values, queries, v, alphas, contexts, memoryRows.IsEmpty ? null : sentences, memory.Lengths, sourceLength,
                    width, ValueSize);
                ParallelRanges.For(batch, 1, RowsPerRange, rows);
                rows.Clear();
            }
        }
    }

    /// <summary>Query rows of <see cref="Attend(AttentionMemory, ReadOnlySpan{float}, Span{float}, Span{float}, ReadOnlySpan{int})"/>
    /// per range on the cores: a few, so that a small batch still splits.</summary>
    private const int RowsPerRange = 4;

    private void CheckMemory(AttentionMemory memory)
    {
        ArgumentNullException.ThrowIfNull(memory);
        if (!ReferenceEquals(memory.Owner, this))
            throw new ArgumentException($"{GetType().Name}.Attend: this memory was prepared by another attention module.", nameof(memory));
    }

    private ArgumentException QueryError(AttentionMemory memory, string got) =>
        new($"{GetType().Name}.Attend needs a query [{memory.BatchSize}, {QuerySize}] (one decoder state per sentence of the memory), got {got}.", "query");
}
