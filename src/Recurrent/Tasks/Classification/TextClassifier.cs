using Recurrent.Autograd;
using Recurrent.Layers;
using Recurrent.Recurrence;
using Recurrent.Tensors;

namespace Recurrent.Tasks.Classification;

/// <summary>
/// Sequence classifier of the source material: token ids → embedding → (stacked, bidirectional) RNN/LSTM/GRU/Jordan
/// encoder → aggregation over time → optional dense layers → logits; trained with cross-entropy.
/// In <see cref="PretrainedMode.Concat"/> mode a second, frozen table of pretrained vectors is joined to the embedding.
/// Parameter names: <c>embedding.weight</c>, <c>pretrained_embedding.weight</c> (Concat mode),
/// <c>encoder.weight_ih_l0</c> …, <c>attention.*</c>, <c>dense{k}.*</c>, <c>output.*</c>.
/// <para>
/// Thread safety: <see cref="Forward"/> without a tape in evaluation mode (or inside <see cref="Module.Evaluating"/>) may run on
/// several threads at once; in training mode it draws dropout masks from the modules' shared random generators, so run it on
/// one thread at a time.
/// </para>
/// </summary>
public sealed class TextClassifier : Module
{
    private readonly Embedding embedding;
    private readonly Embedding? pretrainedEmbedding;
    private readonly RecurrentLayer encoder;
    private readonly AttentionPooling? attention;
    private readonly List<Linear> dense = new();
    private readonly Linear output;
    private readonly Dropout dropout;
    private readonly Dropout embeddingDropout;

    public TextClassifierOptions Options { get; }

    public TextClassifier(TextClassifierOptions options, Rng rng)
    {
        options.Validate();
        Options = options;
        embedding = AddModule("embedding", new Embedding(new EmbeddingOptions
        {
            VocabularySize = options.VocabularySize, Dimension = options.EmbeddingDimension, Frozen = options.FreezeEmbeddings,
            InitStd = options.EmbeddingInitStd,
        }, rng));
        if (options.PretrainedMode == PretrainedMode.Concat)
            pretrainedEmbedding = AddModule("pretrained_embedding", new Embedding(new EmbeddingOptions
            {
                VocabularySize = options.VocabularySize, Dimension = options.PretrainedDimension, Frozen = true,
                InitStd = options.EmbeddingInitStd,
            }, rng));
        encoder = AddModule("encoder", new RecurrentLayer(new RecurrentOptions
        {
            Cell = options.Cell, Nonlinearity = options.Nonlinearity, InputSize = options.TokenDimension,
            HiddenSize = options.HiddenSize, NumLayers = options.NumLayers, Bidirectional = options.Bidirectional,
            Merge = options.Merge, InputWeightInit = options.InputWeightInit, RecurrentWeightInit = options.RecurrentWeightInit,
            ForgetGateBiasOne = options.ForgetGateBiasOne, Dropout = options.Dropout, BatchFirst = true,
        }, rng.Fork()));
        int features = encoder.Options.OutputSize;
        if (options.Pooling == Pooling.Attention)
            attention = AddModule("attention", new AttentionPooling(features, options.AttentionSize, rng));
        for (int k = 0; k < options.DenseLayers.Length; k++)
        {
            dense.Add(AddModule($"dense{k}", new Linear(features, options.DenseLayers[k], rng)));
            features = options.DenseLayers[k];
        }
        output = AddModule("output", new Linear(features, options.ClassCount, rng));
        dropout = AddModule("dropout", new Dropout(options.Dropout, rng.Fork()));
        embeddingDropout = AddModule("embedding_dropout", new Dropout(options.EmbeddingDropout, rng.Fork()));
    }

    /// <summary>
    /// The number of parameters a network of <paramref name="options"/> has, worked out without building it (a loader compares
    /// it with the weights file before allocating): embeddings V·E (and V·P in Concat mode), the encoder, attention pooling
    /// (projection F·A + A, context A), the dense layers and the output layer, each with its bias.
    /// </summary>
    public static long CountParameters(TextClassifierOptions options)
    {
        long vocabulary = options.VocabularySize;
        long count = vocabulary * options.EmbeddingDimension
                     + (options.PretrainedMode == PretrainedMode.Concat ? vocabulary * options.PretrainedDimension : 0)
                     + RecurrentParameterCount.Of(options.Cell, options.TokenDimension, options.HiddenSize, 1, options.Bidirectional)
                     // layers above the first read the merged output of the one below
                     + (options.NumLayers - 1L)
                     * RecurrentParameterCount.Of(options.Cell, options.EncoderOutputSize, options.HiddenSize, 1, options.Bidirectional);
        long features = options.EncoderOutputSize;
        if (options.Pooling == Pooling.Attention) count += features * options.AttentionSize + 2L * options.AttentionSize;
        foreach (int width in options.DenseLayers)
        {
            count += features * width + width;
            features = width;
        }
        return count + features * options.ClassCount + options.ClassCount;
    }

    /// <summary>The trainable embedding [V, E] (in Init mode the only one; frozen when FreezeEmbeddings).</summary>
    public Embedding Embedding => embedding;

    /// <summary>The table pretrained vectors belong in: the embedding in Init mode, the frozen part [V, P] in Concat mode.</summary>
    public Embedding PretrainedEmbedding => pretrainedEmbedding ?? embedding;

    /// <summary>The recurrent encoder the embedded tokens feed (<c>encoder.*</c>), for inspecting its states and gates.</summary>
    public RecurrentLayer Encoder => encoder;

    /// <summary>Attention weights [B, T] of the last forward pass on this thread with attention pooling, else null.</summary>
    public Tensor? LastAttentionWeights => attention?.LastWeights;

    /// <summary>
    /// The attention pooling weights α [B, T] of a padded batch of token ids (<paramref name="ids"/> [B, T] flattened,
    /// <paramref name="lengths"/> the real length ≥ 1 of each row): row b sums to 1 over its first lengths[b] tokens and is 0 on
    /// the padding after them. Null when the classifier does not pool with attention (<see cref="Pooling.Attention"/>). Runs
    /// the network in evaluation mode without recording on a tape.
    /// </summary>
    public Tensor? AttentionWeights(int[] ids, int batch, int steps, int[] lengths)
    {
        if (attention is null) return null;
        using (Tape.NoGrad())
        using (Evaluating())
            Forward(ids, batch, steps, lengths);
        return attention.LastWeights!.Clone();
    }

    /// <summary>
    /// Logits [B, C] for a padded batch of token ids: <paramref name="ids"/> is [B, T] flattened,
    /// <paramref name="lengths"/> the real length (≥ 1) of each row.
    /// </summary>
    public Variable Forward(int[] ids, int batch, int steps, int[] lengths) => ForwardEmbedded(Embed(ids, batch, steps), lengths);

    /// <summary>
    /// Token vectors [B, T, E] (in Concat mode [B, T, P + E]) for a padded batch of token ids [B, T] flattened: the embedding
    /// layer's output, which <see cref="ForwardEmbedded"/> reads.
    /// </summary>
    public Variable Embed(int[] ids, int batch, int steps) => Embed(ids, [batch, steps]);

    /// <summary>
    /// Logits [B, C] from the embedding layer's output [B, T, E] (or [B, T, P + E]): the network above the embedding, so that
    /// attribution methods can feed it vectors that no token has, such as points between a text's vectors and a baseline.
    /// </summary>
    /// <param name="embedded">[B, T, E] token vectors.</param>
    /// <param name="lengths">[B] the real length (≥ 1) of each row.</param>
    /// <param name="trace">
    /// When given, the encoder runs its reference path (<see cref="RecurrentLayer.ForwardReference"/>, the same values) and adds
    /// every step of every layer and direction to it, so that each state h_t receives its gradient ∂L/∂h_t in Backward.
    /// </param>
    public Variable ForwardEmbedded(Variable embedded, int[] lengths, List<StepTrace>? trace = null)
    {
        var input = embeddingDropout.Forward(embedded);
        var encoded = trace is null ? encoder.Forward(input, lengths) : encoder.ForwardReference(input, lengths, trace: trace); // [B, T, D·H]
        var pooled = Pool(encoded, lengths);                                  // [B, D·H]
        foreach (var layer in dense)
            pooled = Ops.Relu(layer.Forward(dropout.Forward(pooled)));
        return output.Forward(dropout.Forward(pooled));                       // [B, C]
    }

    /// <summary>Token vectors [..shape, E], or in Concat mode [..shape, P + E]: the pretrained part first, then the trainable part.</summary>
    private Variable Embed(int[] ids, int[] shape)
    {
        var trainable = embedding.Forward(ids, shape);
        if (pretrainedEmbedding is null) return trainable;
        return Ops.Concat([pretrainedEmbedding.Forward(ids, shape), trainable], shape.Length);
    }

    private Variable Pool(RecurrentResult encoded, int[] lengths) => Options.Pooling switch
    {
        Pooling.Mean => Ops.MeanOverTime(encoded.Output, lengths),
        Pooling.Max => Ops.MaxOverTime(encoded.Output, lengths),
        Pooling.Attention => attention!.Forward(encoded.Output, lengths),
        _ => FinalState(encoded.HiddenState),
    };

    /// <summary>The last layer's final state of each direction, h_n [L·D, B, H] → [B, D·H].</summary>
    private Variable FinalState(Variable hiddenState)
    {
        int directions = encoder.Options.NumDirections;
        int lastLayer = encoder.Options.NumLayers - 1;
        var states = new List<Variable>();
        for (int d = 0; d < directions; d++)
            states.Add(Ops.Select(hiddenState, 0, lastLayer * directions + d));
        return directions == 1 ? states[0] : Ops.Concat(states, 1);
    }
}
