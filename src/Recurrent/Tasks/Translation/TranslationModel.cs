using System.Numerics.Tensors;
using Recurrent.Autograd;
using Recurrent.Layers;
using Recurrent.Recurrence;
using Recurrent.Tensors;

namespace Recurrent.Tasks.Translation;

/// <summary>
/// An encoder–decoder with attention (Bahdanau et al. 2015; Luong et al. 2015; exercise sheet 3.1, 3.2, 5.2):
/// <code>
/// source ids [B, S] → embedding [B, S, E] → L stacked (bi)recurrent layers (fused, source lengths) → h_i [B, S, D_h]
/// s₀ = tanh(W_b [h→_n; h←_1] + b_b) per layer (or 0)                                               [B, D_s]
/// per target step t, y_{t−1} the previous target token (the reference one while teacher-forced):
///   Bahdanau: c_t = attend(s_{t−1}, h);  s_t = cell([emb(y_{t−1}); c_t], s_{t−1});  features [s_t; c_t]
///   Luong:    s_t = cell([emb(y_{t−1}); h̃_{t−1}], s_{t−1});  c_t = attend(s_t, h);  h̃_t = tanh(W_c [c_t; s_t]);  features h̃_t
///   none:     s_t = cell(emb(y_{t−1}), s_{t−1});  features s_t
/// logits_t = W_o features_t + b_o                                                                 [B, V_t]
/// </code>
/// The decoder steps its cells with their reference step on the tape (the decoder's input depends on the previous step's
/// attention, so it cannot run as one fused sequence); its parameters live in a <see cref="RecurrentLayer"/> named
/// <c>decoder</c> with PyTorch's names (<c>decoder.weight_ih_l0</c> …). Other names: <c>source_embedding.weight</c>,
/// <c>encoder.*</c>, <c>bridge_l{l}.*</c> (and <c>bridge_cell_l{l}.*</c> for LSTM), <c>target_embedding.weight</c>,
/// <c>attention.*</c>, <c>combine.weight</c> (Luong's W_c), <c>projection.*</c> (when tied), <c>output.*</c>.
/// </summary>
public sealed class TranslationModel : Module
{
    private readonly Embedding sourceEmbedding;
    private readonly Embedding targetEmbedding;
    private readonly RecurrentLayer encoder;
    private readonly RecurrentLayer decoder;
    private readonly Linear[] bridges;      // per layer: [D_s, D_h] of the hidden state
    private readonly Linear[] cellBridges;  // per layer: [D_s, D_h] of the LSTM cell state (none for other cells)
    private readonly Attention? attention;
    private readonly Linear? combine;       // Luong's W_c [D_s, D_h + D_s]
    private readonly Linear? projection;    // [E, F] before a tied output layer
    private readonly Linear output;         // [V_t, F] or [V_t, E] when tied
    private readonly Dropout dropout;

    public TranslationModel(TranslationModelOptions options, Rng rng)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
        int embedding = options.EmbeddingDimension, state = options.DecoderHiddenSize, memory = options.EncoderOutputSize;
        sourceEmbedding = AddModule("source_embedding", new Embedding(
            new EmbeddingOptions { VocabularySize = options.SourceVocabularySize, Dimension = embedding }, rng));
        encoder = AddModule("encoder", new RecurrentLayer(new RecurrentOptions
        {
            Cell = options.Cell, InputSize = embedding, HiddenSize = options.HiddenSize, NumLayers = options.NumLayers,
            Bidirectional = options.BidirectionalEncoder, Dropout = options.Dropout, BatchFirst = true,
        }, rng.Fork()));
        bool hasCellState = encoder.RecurrentCell.HasCellState;
        bridges = options.Bridge == BridgeKind.Zeros ? [] : Enumerable.Range(0, options.NumLayers)
            .Select(l => AddModule($"bridge_l{l}", new Linear(memory, state, rng))).ToArray();
        cellBridges = options.Bridge == BridgeKind.Zeros || !hasCellState ? [] : Enumerable.Range(0, options.NumLayers)
            .Select(l => AddModule($"bridge_cell_l{l}", new Linear(memory, state, rng))).ToArray();
        targetEmbedding = AddModule("target_embedding", new Embedding(new EmbeddingOptions
        {
            VocabularySize = options.TargetVocabularySize, Dimension = embedding,
            InitStd = options.TieWeights ? TiedEmbeddingStd : 1f,
        }, rng));
        attention = Attention.Create(options.Attention, state, memory, options.AttentionUnits, rng);
        if (attention is not null) AddModule("attention", attention);
        decoder = AddModule("decoder", new RecurrentLayer(new RecurrentOptions
        {
            Cell = options.Cell, InputSize = embedding + FedSize(options), HiddenSize = state, NumLayers = options.NumLayers,
            Dropout = options.Dropout, BatchFirst = true,
        }, rng.Fork()));
        if (IsLuong(options.Attention)) combine = AddModule("combine", new Linear(memory + state, state, bias: false, rng));
        FeatureSize = options.Attention switch
        {
            AttentionKind.Bahdanau => state + memory,
            _ => state,
        };
        if (options.TieWeights)
        {
            projection = AddModule("projection", new Linear(FeatureSize, embedding, rng));
            output = AddModule("output", new Linear(targetEmbedding.Weight, bias: true));
        }
        else
            output = AddModule("output", new Linear(FeatureSize, options.TargetVocabularySize, rng));
        dropout = AddModule("dropout", new Dropout(options.Dropout, rng.Fork()));
    }

    /// <summary>σ of the N(0, σ²) initial target embedding when it is also the output layer (PyTorch's σ = 1 would give huge first scores).</summary>
    public const float TiedEmbeddingStd = 0.1f;

    public TranslationModelOptions Options { get; }

    /// <summary>F, the width of the features the output layer reads: D_s + D_h with Bahdanau attention, D_s otherwise.</summary>
    public int FeatureSize { get; }

    /// <summary>The encoder's recurrent layer.</summary>
    internal RecurrentLayer Encoder => encoder;

    /// <summary>The decoder's recurrent layer (its cells' weights, stepped one token at a time).</summary>
    internal RecurrentLayer Decoder => decoder;

    /// <summary>The target embedding [V_t, E].</summary>
    internal Embedding TargetEmbedding => targetEmbedding;

    /// <summary>Luong's W_c [D_s, D_h + D_s], or null.</summary>
    internal Linear? Combine => combine;

    /// <summary>The layer to E before a tied output layer, or null.</summary>
    internal Linear? Projection => projection;

    /// <summary>The output layer [V_t, F] (or [V_t, E] when tied).</summary>
    internal Linear Output => output;

    /// <summary>The attention module, or null with <see cref="AttentionKind.None"/>.</summary>
    public Attention? Attention => attention;

    /// <summary>The width of what each decoder step feeds beside the token's embedding: c_t (Bahdanau), h̃_{t−1} (Luong), nothing.</summary>
    private static int FedSize(TranslationModelOptions options) => options.Attention switch
    {
        AttentionKind.None => 0,
        AttentionKind.Bahdanau => options.EncoderOutputSize,
        _ => options.DecoderHiddenSize,
    };

    private static bool IsLuong(AttentionKind kind) => kind is AttentionKind.LuongDot or AttentionKind.LuongGeneral or AttentionKind.LuongConcat;

    /// <summary>
    /// Runs the encoder over a batch of source sentences and prepares what the decoder needs: the attention memory (keys once
    /// per batch) and s₀.
    /// </summary>
    /// <param name="sourceIds">[B, S] row-major, padded after each sentence's end.</param>
    /// <param name="lengths">[B] each sentence's length, 1 … S.</param>
    public EncodedSource Encode(int[] sourceIds, int[] lengths)
    {
        ArgumentNullException.ThrowIfNull(sourceIds);
        ArgumentNullException.ThrowIfNull(lengths);
        int batch = lengths.Length;
        if (batch == 0 || sourceIds.Length % batch != 0)
            throw new ArgumentException($"TranslationModel.Encode: {sourceIds.Length} source ids do not fill {batch} rows.", nameof(sourceIds));
        int steps = sourceIds.Length / batch;
        return EncodeEmbedded(EmbedSources(sourceIds, [batch, steps]), lengths);
    }

    /// <summary>The source embedding's output for source ids of the given <paramref name="shape"/> (e.g. [B, S]) → [.., E].</summary>
    public Variable EmbedSources(int[] ids, int[] shape) => sourceEmbedding.Forward(ids, shape);

    /// <summary>
    /// <see cref="Encode"/> from source token vectors [B, S, E] in place of the embedding's: the network above the source
    /// embedding, so that attribution methods can feed it vectors that no token has.
    /// </summary>
    /// <param name="embedded">[B, S, E] the source embedding's output (<see cref="EmbedSources"/>) or vectors like it.</param>
    /// <param name="lengths">[B] each sentence's length, 1 … S.</param>
    public EncodedSource EncodeEmbedded(Variable embedded, int[] lengths)
    {
        ArgumentNullException.ThrowIfNull(embedded);
        ArgumentNullException.ThrowIfNull(lengths);
        if (embedded.Shape is not [var batch, _, var width] || batch != lengths.Length || width != Options.EmbeddingDimension)
            throw new ArgumentException($"TranslationModel.EncodeEmbedded: source vectors {Tensor.ShapeText(embedded.Shape)} for {lengths.Length} " +
                $"sentences; give [{lengths.Length}, S, {Options.EmbeddingDimension}].", nameof(embedded));
        var encoded = encoder.Forward(dropout.Forward(embedded), lengths);                      // output [B, S, D_h], h_n [L·D, B, H]
        var memory = attention?.PrepareKeys(encoded.Output, lengths);
        return new EncodedSource(memory, InitialState(encoded, batch), (int[])lengths.Clone());
    }

    /// <summary>s₀ (and c₀) of the decoder's layers [L, B, D_s]: the bridge of each encoder layer's final states, or zeros.</summary>
    private DecoderState InitialState(RecurrentResult encoded, int batch)
    {
        int layers = Options.NumLayers, state = Options.DecoderHiddenSize;
        var hidden = new Variable[layers];
        var cell = encoder.RecurrentCell.HasCellState ? new Variable[layers] : null;
        for (int l = 0; l < layers; l++)
        {
            hidden[l] = bridges.Length == 0 ? Zeros(batch, state) : Ops.Tanh(bridges[l].Forward(FinalStates(encoded.HiddenState, l)));
            if (cell is not null)
                cell[l] = cellBridges.Length == 0 ? Zeros(batch, state) : Ops.Tanh(cellBridges[l].Forward(FinalStates(encoded.CellState!, l)));
        }
        var fed = IsLuong(Options.Attention) ? Zeros(batch, state) : null;
        return new DecoderState(Ops.Stack(hidden, axis: 0), cell is null ? null : Ops.Stack(cell, axis: 0), fed, hidden[^1]);
    }

    /// <summary>[h→_n; h←_1] of encoder layer <paramref name="layer"/>: its directions' final states [B, D·H] from h_n [L·D, B, H].</summary>
    private Variable FinalStates(Variable finals, int layer)
    {
        int directions = Options.EncoderDirections;
        if (directions == 1) return Ops.Select(finals, 0, layer);
        return Ops.Concat([Ops.Select(finals, 0, layer * 2), Ops.Select(finals, 0, layer * 2 + 1)], axis: 1);
    }

    private static Variable Zeros(int rows, int width) => new(new Tensor(rows, width));

    /// <summary>
    /// One decoder step for N rows: the previous tokens' embeddings and the state → the features of this step, the new state
    /// and where it looked. On the tape when one is open (training), plain values otherwise.
    /// </summary>
    /// <param name="previous">[N, E] the embeddings of y_{t−1} (<see cref="EmbedTargets"/>).</param>
    /// <param name="state">the state after step t − 1 (s₀ from <see cref="Encode"/> before the first).</param>
    /// <param name="memory">the attention memory of the N rows' sentences (null without attention).</param>
    public DecoderOutput Step(Variable previous, DecoderState state, AttentionMemory? memory)
    {
        ArgumentNullException.ThrowIfNull(previous);
        ArgumentNullException.ThrowIfNull(state);
        if (attention is not null && memory is null)
            throw new ArgumentException("TranslationModel.Step needs the attention memory of the sentences (EncodedSource.Memory).", nameof(memory));
        switch (Options.Attention)
        {
            case AttentionKind.None:
            {
                var next = Recur(previous, state);
                return new DecoderOutput(next.Top, next, null);
            }
            case AttentionKind.Bahdanau:
            {
                var (context, weights) = attention!.Attend(memory!, state.Top);                       // c_t [N, D_h] from s_{t−1}
                var next = Recur(Ops.ConcatWithinTape([previous, context], axis: 1), state);
                return new DecoderOutput(Ops.ConcatWithinTape([next.Top, context], axis: 1), next, weights); // [s_t; c_t]
            }
            default:
            {
                var next = Recur(Ops.ConcatWithinTape([previous, state.Fed!], axis: 1), state);       // input feeding
                var (context, weights) = attention!.Attend(memory!, next.Top);                         // c_t from s_t
                var attentional = Ops.Tanh(combine!.Forward(Ops.ConcatWithinTape([context, next.Top], axis: 1))); // h̃_t [N, D_s]
                return new DecoderOutput(attentional, next with { Fed = attentional }, weights);
            }
        }
    }

    /// <summary>
    /// The decoder's stacked cells over one step: input x [N, E + fed] → every layer's new state. The decoder layer runs it as
    /// a sequence of one step, through the cell's fused kernel (one autograd node per layer, point-wise maths fused).
    /// </summary>
    private DecoderState Recur(Variable x, DecoderState state)
    {
        int rows = x.Dim(0);
        var result = decoder.Forward(Ops.Reshape(x, rows, 1, x.Dim(1)), lengths: null, state.Hidden, state.Cell); // output [N, 1, D_s]
        return new DecoderState(result.HiddenState, result.CellState, state.Fed, Ops.Reshape(result.Output, rows, Options.DecoderHiddenSize));
    }

    /// <summary>Embeddings of target ids with the given <paramref name="shape"/> (e.g. [N] or [B, T]) → [.., E], with dropout while training.</summary>
    public Variable EmbedTargets(int[] ids, int[] shape) => dropout.Forward(targetEmbedding.Forward(ids, shape));

    /// <summary>Scores over the target vocabulary [N, V_t] of features [N, F].</summary>
    public Variable Logits(Variable features)
    {
        var x = dropout.Forward(features);
        return output.Forward(projection is null ? x : Ops.Tanh(projection.Forward(x)));
    }

    /// <summary>
    /// Logits of every real target token of a batch (padding skipped, so the output layer, the largest product, does no
    /// wasted work) and the tokens they should predict. With <paramref name="teacherForcing"/> 1 every step reads the
    /// reference's previous token; below 1 (scheduled sampling, Bengio et al. 2015) each row of each step after the first
    /// reads, with probability 1 − ratio drawn from <paramref name="sampling"/>, the token the model itself scored highest at
    /// the previous step instead.
    /// </summary>
    /// <returns>logits [N, V_t] of the N = <see cref="TranslationBatch.TargetTokens"/> real positions and their N target ids: step
    /// by step when the pairs are sorted longest target first (each step then runs only the pairs it has), pair by pair
    /// otherwise.</returns>
    public (Variable Logits, int[] Targets) Forward(TranslationBatch batch, double teacherForcing = 1, Rng? sampling = null)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (teacherForcing < 1 && sampling is null)
            throw new ArgumentNullException(nameof(sampling), "TranslationModel.Forward: a teacher-forcing ratio below 1 needs an Rng to draw from.");
        var encoded = Encode(batch.SourceIds, batch.SourceLengths);
        int rows = batch.BatchSize, steps = batch.TargetSteps;
        var (positions, targets) = RealPositions(batch);                                            // pair by pair
        if (teacherForcing < 1)
        {
            var sampled = SampledForward(batch, encoded, teacherForcing, sampling!);                  // [B·T, V_t]
            return (Ops.EmbeddingLookup(sampled, positions, [positions.Length]), targets);
        }
        if (!SortedByTargetLength(batch))
        {
            var all = Ops.Reshape(Ops.Stack(TeacherForcedFeatures(batch, encoded, rows), axis: 1), rows * steps, FeatureSize); // [B·T, F]
            return (Logits(Ops.EmbeddingLookup(all, positions, [positions.Length])), targets);     // rows gathered: [N, F] → [N, V_t]
        }
        // Pairs sorted longest target first: step t runs only the n_t pairs still inside their target, a prefix of the rows,
        // so no step computes padding; the features of step t are then those of the real positions (b, t), b < n_t.
        var features = TeacherForcedFeatures(batch, encoded, rows);
        var stepTargets = new int[batch.TargetTokens];
        int n = 0;
        for (int t = 0; t < steps; t++)
            for (int b = 0; b < features[t].Dim(0); b++) stepTargets[n++] = batch.TargetOutput[b * steps + t];
        return (Logits(Ops.ConcatWithinTape(features, axis: 0)), stepTargets);                     // [N, F] → [N, V_t], step by step
    }

    /// <summary>
    /// The features [n_t, F] of each step t, teacher-forced: n_t = B for every step, or, when the pairs are sorted longest
    /// target first, the number of pairs whose target has a position t.
    /// </summary>
    private Variable[] TeacherForcedFeatures(TranslationBatch batch, EncodedSource encoded, int rows)
    {
        int steps = batch.TargetSteps;
        bool shrink = SortedByTargetLength(batch);
        var state = encoded.Initial;
        var memory = encoded.Memory;
        var embedded = EmbedTargets(batch.TargetInput, [rows, steps]);                              // [B, T, E]
        var features = new Variable[steps];
        for (int t = 0; t < steps; t++)
        {
            int active = shrink ? batch.TargetLengths.Count(length => length > t) : rows;
            var input = Ops.Select(embedded, 1, t);                                                 // [B, E]
            if (active < state.Rows)
            {
                state = state.Take(active);
                memory = memory?.Take(active);
            }
            if (active < rows) input = Ops.Slice(input, 0, 0, active);
            var step = Step(input, state, memory);
            features[t] = step.Features;
            state = step.State;
        }
        return features;
    }

    /// <summary>True when the batch's pairs come longest target first (<see cref="TranslationBatches.ByTargetLength"/>).</summary>
    private static bool SortedByTargetLength(TranslationBatch batch)
    {
        for (int b = 1; b < batch.BatchSize; b++)
            if (batch.TargetLengths[b] > batch.TargetLengths[b - 1]) return false;
        return true;
    }

    /// <summary>The rows b·T + t of the batch's real target positions (not padding), and the ids they predict.</summary>
    private static (int[] Positions, int[] Targets) RealPositions(TranslationBatch batch)
    {
        var positions = new int[batch.TargetTokens];
        var targets = new int[batch.TargetTokens];
        int n = 0;
        for (int b = 0; b < batch.BatchSize; b++)
            for (int t = 0; t < batch.TargetLengths[b]; t++)
            {
                positions[n] = b * batch.TargetSteps + t;
                targets[n++] = batch.TargetOutput[b * batch.TargetSteps + t];
            }
        return (positions, targets);
    }

    /// <summary>Scheduled sampling: logits step by step, since each step's input may be the previous step's prediction.</summary>
    private Variable SampledForward(TranslationBatch batch, EncodedSource encoded, double ratio, Rng sampling)
    {
        int rows = batch.BatchSize, steps = batch.TargetSteps, vocabulary = Options.TargetVocabularySize;
        var state = encoded.Initial;
        var logits = new Variable[steps];
        var previous = new int[rows];
        for (int t = 0; t < steps; t++)
        {
            for (int b = 0; b < rows; b++)
            {
                int reference = batch.TargetInput[b * steps + t];
                previous[b] = t == 0 || sampling.NextFloat() < ratio
                    ? reference
                    : TensorPrimitives.IndexOfMax(logits[t - 1].Value.ReadOnlySpan.Slice(b * vocabulary, vocabulary));
            }
            var step = Step(EmbedTargets(previous, [rows]), state, encoded.Memory);
            logits[t] = Logits(step.Features);                                                       // [B, V_t]
            state = step.State;
        }
        return Ops.Reshape(Ops.Stack(logits, axis: 1), rows * steps, vocabulary);
    }

    /// <summary>
    /// The number of parameters a network of <paramref name="options"/> has, worked out without building it (a loader compares
    /// it with the weights file before allocating): embeddings, encoder, bridges, attention, decoder, Luong's W_c, output.
    /// </summary>
    public static long CountParameters(TranslationModelOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        long embedding = options.EmbeddingDimension, state = options.DecoderHiddenSize, memory = options.EncoderOutputSize;
        long target = options.TargetVocabularySize;
        long features = options.Attention == AttentionKind.Bahdanau ? state + memory : state;
        int bridgeCount = options.Bridge == BridgeKind.Zeros ? 0 : RecurrentCells.Of(options.Cell).HasCellState ? 2 : 1;
        long count = (options.SourceVocabularySize + target) * embedding
            + RecurrentParameterCount.Of(options.Cell, options.EmbeddingDimension, options.HiddenSize, options.NumLayers, options.BidirectionalEncoder)
            + bridgeCount * options.NumLayers * (memory * state + state)
            + AttentionParameters(options)
            + RecurrentParameterCount.Of(options.Cell, options.EmbeddingDimension + FedSize(options), options.DecoderHiddenSize, options.NumLayers)
            + (IsLuong(options.Attention) ? (memory + state) * state : 0);
        return count + (options.TieWeights ? features * embedding + embedding + target : features * target + target);
    }

    /// <summary>The attention module's parameters: built alone, it is small (no vocabulary-sized matrix).</summary>
    private static long AttentionParameters(TranslationModelOptions options) =>
        Attention.Create(options.Attention, options.DecoderHiddenSize, options.EncoderOutputSize, options.AttentionUnits, new Rng(0))?.ParameterCount() ?? 0;
}
