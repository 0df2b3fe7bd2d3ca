using System.Numerics.Tensors;
using Recurrent.Decoding;
using Recurrent.Recurrence;
using Recurrent.Tensors;

namespace Recurrent.Tasks.LanguageModel;

/// <summary>
/// A <see cref="RecurrentLanguageModel"/> run one token at a time for generation, with no tape and no allocation per step:
/// each row's h (and c) live in fixed buffers, each layer is two matrix-vector products and the cell's own generation step
/// (<see cref="RecurrentCell.PrepareGeneration"/>, the fused point-wise maths of its sequence kernel) on spans.
/// When the vocabulary is small, the first layer's input projection W_ih·e_v is precomputed for every token v,
/// so feeding a character is a row lookup. It reads the model's weights as they are when the stepper is made, without
/// dropout; its scores agree with <see cref="RecurrentLanguageModel.Forward"/> in evaluation mode.
/// <para>
/// Thread safety: the stepper is immutable once made, and <see cref="Begin"/> may be called from several threads at once;
/// each state it returns holds its own buffers and belongs to one thread at a time.
/// </para>
/// </summary>
public sealed class LanguageModelStepper : INextTokenModel
{
    /// <summary>Largest V·G·H (floats) for which the first layer's input projection is precomputed: 16 MB.</summary>
    private const long MaxPrecomputed = 4 << 20;

    private readonly RecurrentCell cell;
    private readonly int layers, hiddenSize, embeddingSize, gateWidth;
    private readonly LayerWeights[] weights;
    private readonly float[] embedding;       // [V, E]
    private readonly float[] outputWeight;    // [V, H]
    private readonly float[] outputBias;      // [V]
    private readonly float[]? firstProjection; // [V, G·H] W_ih0 · e_v, or null

    public LanguageModelStepper(RecurrentLanguageModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var options = model.Options;
        cell = model.Rnn.RecurrentCell;
        layers = options.NumLayers;
        hiddenSize = options.HiddenSize;
        embeddingSize = options.EmbeddingDimension;
        VocabularySize = options.VocabularySize;
        gateWidth = cell.GateCount * hiddenSize;
        weights = Enumerable.Range(0, layers).Select(l => new LayerWeights(model.Rnn.Cell(l), cell)).ToArray();
        embedding = model.Embedding.Weight.Value.Data;
        outputWeight = model.Output.Weight.Value.Data;
        outputBias = model.Output.Bias?.Value.Data ?? new float[VocabularySize];

        if ((long)VocabularySize * gateWidth <= MaxPrecomputed)
        {
            firstProjection = new float[VocabularySize * gateWidth];
            for (int v = 0; v < VocabularySize; v++)
                Project(weights[0].Input, embedding.AsSpan(v * embeddingSize, embeddingSize),
                    firstProjection.AsSpan(v * gateWidth, gateWidth));
        }
    }

    public int VocabularySize { get; }

    public INextTokenState Begin(int rows)
    {
        if (rows < 1) throw new ArgumentException($"A stepper state needs at least one row, got {rows}.", nameof(rows));
        return new State(this, rows);
    }

    /// <summary>y = W · x for W [n, k] row-major, x [k], y [n].</summary>
    private static void Project(float[] w, ReadOnlySpan<float> x, Span<float> y)
    {
        int k = x.Length;
        for (int i = 0; i < y.Length; i++) y[i] = TensorPrimitives.Dot(w.AsSpan(i * k, k), x);
    }

    /// <summary>
    /// y [rows, n] = X [rows, k] · Wᵀ with Wᵀ packed once for the GEMM micro-kernels: for one row a matrix-vector
    /// product that streams the weight once, split across the worker threads.
    /// </summary>
    private static void Project(PackedMatrix weightT, ReadOnlySpan<float> x, Span<float> y) =>
        Gemm.Multiply(false, 1, 1f, x, weightT.Rows, weightT, 0f, y, weightT.Columns);

    /// <summary>
    /// One layer's weights: W_ih [G·H, I] (as an array for the precomputed first projection), W_ihᵀ and W_hhᵀ packed, and
    /// the cell's generation step (which holds the biases).
    /// </summary>
    private sealed record LayerWeights(float[] Input, PackedMatrix InputT, PackedMatrix RecurrentT, GenerationStep Step)
    {
        public LayerWeights(CellWeights w, RecurrentCell cell)
            : this(w.InputWeight.Value.Data, SequenceBatch.PackTransposed(w.InputWeight.Value), SequenceBatch.PackTransposed(w.RecurrentWeight.Value),
                cell.PrepareGeneration(w)) { }
    }

    private sealed class State : INextTokenState
    {
        private readonly LanguageModelStepper m;
        private float[] hidden;   // [L, rows, H]
        private float[] cellState; // [L, rows, H], for a cell with a cell state (LSTM)
        private readonly float[] inputPart;     // [G·H] W_ih x
        private readonly float[] recurrentPart; // [G·H] W_hh h
        private readonly float[] scratch;       // [G·H] the cell's step scratch

        public State(LanguageModelStepper model, int rows)
        {
            m = model;
            Rows = rows;
            hidden = new float[m.layers * rows * m.hiddenSize];
            cellState = new float[m.cell.HasCellState ? hidden.Length : 0];
            inputPart = new float[m.gateWidth];
            recurrentPart = new float[m.gateWidth];
            scratch = new float[m.gateWidth];
        }

        public int Rows { get; private set; }

        public void Step(ReadOnlySpan<int> tokens, Span<float> logits)
        {
            int v = m.VocabularySize, size = m.hiddenSize;
            if (tokens.Length != Rows) throw new ArgumentException($"Step needs one token per row ({Rows}), got {tokens.Length}.", nameof(tokens));
            if (logits.Length < Rows * v) throw new ArgumentException($"Step needs room for {Rows}·{v} scores, got {logits.Length}.", nameof(logits));
            for (int r = 0; r < Rows; r++)
            {
                int token = tokens[r];
                if ((uint)token >= (uint)v) throw new ArgumentOutOfRangeException(nameof(tokens), $"Token {token} is outside the vocabulary [0, {v}).");
                ReadOnlySpan<float> x = m.embedding.AsSpan(token * m.embeddingSize, m.embeddingSize);
                for (int layer = 0; layer < m.layers; layer++)
                {
                    var w = m.weights[layer];
                    if (layer == 0 && m.firstProjection is not null) m.firstProjection.AsSpan(token * m.gateWidth, m.gateWidth).CopyTo(inputPart);
                    else Project(w.InputT, x, inputPart);
                    int offset = (layer * Rows + r) * size;
                    var h = hidden.AsSpan(offset, size);
                    Project(w.RecurrentT, h, recurrentPart);
                    w.Step.Step(inputPart, recurrentPart, h, cellState.Length == 0 ? [] : cellState.AsSpan(offset, size), scratch);
                    x = h;
                }
                var scores = logits.Slice(r * v, v);
                Project(m.outputWeight, x, scores);
                TensorPrimitives.Add(scores, m.outputBias, scores);
            }
        }

        public void Reorder(ReadOnlySpan<int> sources)
        {
            if (sources.Length == 0) throw new ArgumentException("Reorder needs at least one row.", nameof(sources));
            int size = m.hiddenSize, rows = sources.Length;
            var newHidden = new float[m.layers * rows * size];
            var newCell = new float[cellState.Length == 0 ? 0 : newHidden.Length];
            for (int layer = 0; layer < m.layers; layer++)
                for (int r = 0; r < rows; r++)
                {
                    int source = sources[r];
                    if ((uint)source >= (uint)Rows) throw new ArgumentOutOfRangeException(nameof(sources), $"Row {source} is outside [0, {Rows}).");
                    hidden.AsSpan((layer * Rows + source) * size, size).CopyTo(newHidden.AsSpan((layer * rows + r) * size, size));
                    if (newCell.Length > 0) cellState.AsSpan((layer * Rows + source) * size, size).CopyTo(newCell.AsSpan((layer * rows + r) * size, size));
                }
            (hidden, cellState, Rows) = (newHidden, newCell, rows);
        }
    }
}
