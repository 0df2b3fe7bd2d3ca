using System.Numerics.Tensors;
using Recurrent.Recurrence;
using Recurrent.Tensors;

namespace Recurrent.Tasks.Translation;

/// <summary>
/// A <see cref="TranslationModel"/>'s decoder run one target token at a time for N rows (the hypotheses of a beam search over
/// several sentences), without a tape: weights packed once for the matrix micro-kernels, each row's state in fixed buffers,
/// the cell's own point-wise step (<see cref="RecurrentCell.PrepareGeneration"/>), attention through a row → sentence map
/// so that hypotheses share their sentence's memory instead of copying it. Its scores equal <see cref="TranslationModel.Step"/>
/// followed by <see cref="TranslationModel.Logits"/> in evaluation mode. Made per search; one thread at a time.
/// </summary>
internal sealed class TranslationStepper
{
    private readonly TranslationModel model;
    private readonly RecurrentCell cell;
    private readonly int layers, state, embedding, memoryWidth, gateWidth, fedWidth, vocabulary;
    private readonly PackedMatrix[] inputT, recurrentT;  // per layer W_ihᵀ [I, G·D_s], W_hhᵀ [D_s, G·D_s]
    private readonly GenerationStep[] steps;
    private readonly PackedMatrix? combineT;             // Luong W_cᵀ [D_h + D_s, D_s]
    private readonly PackedMatrix? projectionT;          // [F, E] before a tied output layer
    private readonly float[]? projectionBias;
    private readonly PackedMatrix outputT;               // [F or E, V_t]
    private readonly float[] outputBias;

    public TranslationStepper(TranslationModel model)
    {
        this.model = model;
        var options = model.Options;
        cell = model.Decoder.RecurrentCell;
        (layers, state, embedding, memoryWidth) = (options.NumLayers, options.DecoderHiddenSize, options.EmbeddingDimension, options.EncoderOutputSize);
        gateWidth = cell.GateCount * state;
        fedWidth = model.Decoder.Cell(0).InputSize - embedding;
        vocabulary = options.TargetVocabularySize;
        inputT = Enumerable.Range(0, layers).Select(l => SequenceBatch.PackTransposed(model.Decoder.Cell(l).InputWeight.Value)).ToArray();
        recurrentT = Enumerable.Range(0, layers).Select(l => SequenceBatch.PackTransposed(model.Decoder.Cell(l).RecurrentWeight.Value)).ToArray();
        steps = Enumerable.Range(0, layers).Select(l => cell.PrepareGeneration(model.Decoder.Cell(l))).ToArray();
        gateRows = new GateRows(gateWidth, state);
        if (model.Combine is { } combine) combineT = SequenceBatch.PackTransposed(combine.Weight.Value);
        if (model.Projection is { } projection)
        {
            projectionT = SequenceBatch.PackTransposed(projection.Weight.Value);
            projectionBias = projection.Bias!.Value.ReadOnlySpan.ToArray();
        }
        outputT = SequenceBatch.PackTransposed(model.Output.Weight.Value);
        outputBias = model.Output.Bias?.Value.ReadOnlySpan.ToArray() ?? new float[vocabulary];
    }

    /// <summary>
    /// The decoding state of N rows (at most the capacity it was made for): per layer h (and c), Luong's fed vector, each
    /// row's sentence, and the scratch of a step, all allocated once per search: a step allocates nothing.
    /// </summary>
    public sealed class Rows
    {
        internal float[] Hidden, Cell, Fed;        // [L, N, D_s], [L, N, D_s] or empty, [N, D_s] or empty
        internal float[] SpareHidden, SpareCell, SpareFed; // the other half of each double buffer, for Reorder
        internal int[] Sentences, SpareSentences;  // [N] row → sentence of the attention memory
        internal readonly float[] Input, Context, InputPart, RecurrentPart, Features, Joined, Projected;

        private readonly int stateWidth, layerCount;

        internal Rows(TranslationStepper m, int capacity, int rows)
        {
            int state = m.state, memory = m.memoryWidth;
            (stateWidth, layerCount) = (state, m.layers);
            Hidden = new float[m.layers * capacity * state];
            SpareHidden = new float[Hidden.Length];
            Cell = m.cell.HasCellState ? new float[Hidden.Length] : [];
            SpareCell = new float[Cell.Length];
            Fed = m.fedWidth > 0 && m.model.Options.Attention != AttentionKind.Bahdanau ? new float[capacity * state] : [];
            SpareFed = new float[Fed.Length];
            Sentences = new int[capacity];
            SpareSentences = new int[capacity];
            Input = new float[capacity * (m.embedding + m.fedWidth)];
            Context = new float[capacity * memory];
            InputPart = new float[capacity * m.gateWidth];
            RecurrentPart = new float[capacity * m.gateWidth];
            Features = new float[capacity * (state + memory)];
            Joined = new float[capacity * (state + memory)];
            Projected = new float[capacity * m.embedding];
            Count = rows;
        }

        public int Count { get; private set; }

        /// <summary>Keeps rows <paramref name="parents"/> (repeats allowed, at most the capacity), in that order.</summary>
        public void Reorder(ReadOnlySpan<int> parents)
        {
            int width = stateWidth, layers = layerCount;
            int rows = Count;
            if (parents.Length > Sentences.Length) throw new ArgumentException($"Reorder: {parents.Length} rows exceed the capacity {Sentences.Length}.");
            GatherRows(Hidden, SpareHidden, layers, rows, parents, width);
            (Hidden, SpareHidden) = (SpareHidden, Hidden);
            if (Cell.Length > 0)
            {
                GatherRows(Cell, SpareCell, layers, rows, parents, width);
                (Cell, SpareCell) = (SpareCell, Cell);
            }
            if (Fed.Length > 0)
            {
                GatherRows(Fed, SpareFed, 1, rows, parents, width);
                (Fed, SpareFed) = (SpareFed, Fed);
            }
            for (int r = 0; r < parents.Length; r++) SpareSentences[r] = Sentences[parents[r]];
            (Sentences, SpareSentences) = (SpareSentences, Sentences);
            Count = parents.Length;
        }

        /// <summary>Rows <paramref name="parents"/> of each of the <paramref name="blocks"/> [rows, width] blocks of <paramref name="values"/> into
        /// <paramref name="into"/>.</summary>
        private static void GatherRows(float[] values, float[] into, int blocks, int rows, ReadOnlySpan<int> parents, int width)
        {
            for (int block = 0; block < blocks; block++)
                for (int r = 0; r < parents.Length; r++)
                    values.AsSpan((block * rows + parents[r]) * width, width).CopyTo(into.AsSpan((block * parents.Length + r) * width, width));
        }
    }

    /// <summary>
    /// The rows of the B sentences of <paramref name="encoded"/> before the first target token (s₀ from the bridge), with room
    /// for <paramref name="capacity"/> rows (B times the beam width).
    /// </summary>
    public Rows Begin(EncodedSource encoded, int capacity)
    {
        var initial = encoded.Initial;
        int sentences = encoded.Lengths.Length;
        var rows = new Rows(this, Math.Max(capacity, sentences), sentences);
        initial.Hidden.Value.ReadOnlySpan.CopyTo(rows.Hidden);
        initial.Cell?.Value.ReadOnlySpan.CopyTo(rows.Cell);
        initial.Fed?.Value.ReadOnlySpan.CopyTo(rows.Fed);
        for (int b = 0; b < sentences; b++) rows.Sentences[b] = b;
        return rows;
    }

    /// <summary>
    /// One step of every row: feeds <paramref name="previous"/> [N] (the tokens just chosen), advances the rows' states and
    /// writes the next token's scores into <paramref name="logits"/> [N, V_t] and where each row looked into
    /// <paramref name="weights"/> [N, S] (untouched without attention).
    /// </summary>
    public void Step(EncodedSource encoded, Rows rows, ReadOnlySpan<int> previous, Span<float> logits, Span<float> weights)
    {
        int n = rows.Count, input = embedding + fedWidth;
        var memory = encoded.Memory;
        var x = rows.Input.AsSpan(0, n * input);                    // [N, E + fed]
        var table = model.TargetEmbedding.Weight.Value.ReadOnlySpan;
        for (int r = 0; r < n; r++) table.Slice(previous[r] * embedding, embedding).CopyTo(x.Slice(r * input, embedding));
        var context = rows.Context.AsSpan(0, memory is null ? 0 : n * memoryWidth);                // [N, D_h]
        var top = rows.Hidden.AsSpan((layers - 1) * n * state, n * state);
        if (model.Options.Attention == AttentionKind.Bahdanau)
        {
            model.Attention!.Attend(memory!, top, context, weights[..(n * memory!.SourceLength)], rows.Sentences.AsSpan(0, n)); // c_t from s_{t−1}
            for (int r = 0; r < n; r++) context.Slice(r * memoryWidth, memoryWidth).CopyTo(x.Slice(r * input + embedding, memoryWidth));
        }
        else if (fedWidth > 0)
            for (int r = 0; r < n; r++) rows.Fed.AsSpan(r * state, state).CopyTo(x.Slice(r * input + embedding, state));
        Recur(rows, x, input);
        var features = Features(encoded, rows, context, weights);
        Scores(rows, features, n, logits);
    }

    /// <summary>The stacked cells over one step, in place on the rows' h and c.</summary>
    private void Recur(Rows rows, ReadOnlySpan<float> x, int input)
    {
        int n = rows.Count;
        var inputPart = rows.InputPart.AsSpan(0, n * gateWidth);
        var recurrentPart = rows.RecurrentPart.AsSpan(0, n * gateWidth);
        ReadOnlySpan<float> layerInput = x;
        int width = input;
        for (int l = 0; l < layers; l++)
        {
            var h = rows.Hidden.AsSpan(l * n * state, n * state);
            Gemm.Multiply(false, n, 1f, layerInput, width, inputT[l], 0f, inputPart, gateWidth);      // x W_ihᵀ [N, G·D_s]
            Gemm.Multiply(false, n, 1f, h, state, recurrentT[l], 0f, recurrentPart, gateWidth);       // h W_hhᵀ
            // The rows' gates on all cores (five beams of 64 sentences are 320 rows); each row alone, so the same bits.
            gateRows.Set(steps[l], rows, l, n);
            ParallelRanges.For(n, 1, GateRowsPerRange, gateRows);
            gateRows.Set(null, null, 0, 0);
            layerInput = h;
            width = state;
        }
    }

    /// <summary>Rows of one range of <see cref="Recur"/>'s gates: a few, so that a small beam still splits.</summary>
    private const int GateRowsPerRange = 8;

    private readonly GateRows gateRows;

    /// <summary>The gates of one layer's rows for one step, from their input and recurrent parts, in place on h (and c).</summary>
    private sealed class GateRows(int gateWidth, int state) : IRangeWork
    {
        private GenerationStep? step;
        private Rows? rows;
        private int layer, count;

        /// <summary>A scratch of <see cref="GenerationStep.Step"/>'s size, one per thread.</summary>
        [ThreadStatic] private static float[]? scratch;

        public void Set(GenerationStep? step, Rows? rows, int layer, int count) => (this.step, this.rows, this.layer, this.count) = (step, rows, layer, count);

        public void Run(int start, int end)
        {
            if (scratch is null || scratch.Length < gateWidth) scratch = new float[gateWidth];
            var r0 = rows!;
            for (int r = start; r < end; r++)
                step!.Step(r0.InputPart.AsSpan(r * gateWidth, gateWidth), r0.RecurrentPart.AsSpan(r * gateWidth, gateWidth),
                    r0.Hidden.AsSpan((layer * count + r) * state, state), r0.Cell.Length == 0 ? [] : r0.Cell.AsSpan((layer * count + r) * state, state),
                    scratch);
        }
    }

    /// <summary>[N, F]: [s_t; c_t] (Bahdanau), h̃_t = tanh(W_c [c_t; s_t]) (Luong, also kept as the next step's fed vector), s_t.</summary>
    private ReadOnlySpan<float> Features(EncodedSource encoded, Rows rows, Span<float> context, Span<float> weights)
    {
        int n = rows.Count;
        ReadOnlySpan<float> top = rows.Hidden.AsSpan((layers - 1) * n * state, n * state);
        switch (model.Options.Attention)
        {
            case AttentionKind.None:
                return top;
            case AttentionKind.Bahdanau:
            {
                var features = rows.Features.AsSpan(0, n * (state + memoryWidth));
                for (int r = 0; r < n; r++)
                {
                    top.Slice(r * state, state).CopyTo(features.Slice(r * (state + memoryWidth), state));
                    context.Slice(r * memoryWidth, memoryWidth).CopyTo(features.Slice(r * (state + memoryWidth) + state, memoryWidth));
                }
                return features;
            }
            default:
            {
                var memory = encoded.Memory!;
                model.Attention!.Attend(memory, top, context, weights[..(n * memory.SourceLength)], rows.Sentences.AsSpan(0, n)); // c_t from s_t
                var joined = rows.Joined.AsSpan(0, n * (memoryWidth + state));
                for (int r = 0; r < n; r++)
                {
                    context.Slice(r * memoryWidth, memoryWidth).CopyTo(joined.Slice(r * (memoryWidth + state), memoryWidth));
                    top.Slice(r * state, state).CopyTo(joined.Slice(r * (memoryWidth + state) + memoryWidth, state));
                }
                var attentional = rows.Fed.AsSpan(0, n * state);                                      // h̃_t, fed to the next step
                Gemm.Multiply(false, n, 1f, joined, memoryWidth + state, combineT!, 0f, attentional, state);
                TensorPrimitives.Tanh(attentional, attentional);
                return attentional;
            }
        }
    }

    /// <summary>logits [N, V_t] = features W_oᵀ + b_o (through tanh(W_p features + b_p) first when the output is tied).</summary>
    private void Scores(Rows rows, ReadOnlySpan<float> features, int n, Span<float> logits)
    {
        ReadOnlySpan<float> x = features;
        if (projectionT is not null)
        {
            var projected = rows.Projected.AsSpan(0, n * embedding);
            Gemm.Multiply(false, n, 1f, features, projectionT.Rows, projectionT, 0f, projected, embedding);
            for (int r = 0; r < n; r++)
            {
                var row = projected.Slice(r * embedding, embedding);
                TensorPrimitives.Add(row, projectionBias, row);
                TensorPrimitives.Tanh(row, row);
            }
            x = projected;
        }
        Gemm.Multiply(false, n, 1f, x, outputT.Rows, outputT, 0f, logits[..(n * vocabulary)], vocabulary);
        for (int r = 0; r < n; r++)
        {
            var row = logits.Slice(r * vocabulary, vocabulary);
            TensorPrimitives.Add(row, outputBias, row);
        }
    }
}
