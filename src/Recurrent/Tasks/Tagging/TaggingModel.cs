using System.Numerics.Tensors;
using Recurrent.Autograd;
using Recurrent.Layers;
using Recurrent.Recurrence;
using Recurrent.Tensors;

namespace Recurrent.Tasks.Tagging;

/// <summary>
/// A sequence labeller, one tag per token (the slides' "Sequenzannotation"; Lample et al. 2016, Ma &amp; Hovy 2016):
/// <code>
/// x_t = [E_w[word_t]; chars(word_t); onehot(casing_t)]              [B, T, E_w + F + 6]
/// h_t = [h→_t; h←_t] = BiLSTM(dropout(x))_t                           [B, T, 2H]
/// s_t = W_o dropout(h_t) + b_o                                        [B, T, K]   emission scores
/// softmax: p(y_t | x) = softmax(s_t)          CRF: p(y | x) ∝ exp(Σ_t s_t[y_t] + A[y_{t−1}, y_t]) with start and end scores
/// </code>
/// Parameter names: <c>word_embedding.weight</c>, <c>char_encoder.*</c>, <c>encoder.*</c> (PyTorch's nn.LSTM names),
/// <c>output.weight</c>, <c>output.bias</c>, <c>crf.transitions</c>, <c>crf.start_transitions</c>, <c>crf.end_transitions</c>.
/// </summary>
public sealed class TaggingModel : Module
{
    private readonly Embedding wordEmbedding;
    private readonly ICharacterEncoder? characterEncoder;
    private readonly RecurrentLayer encoder;
    private readonly Dropout dropout;
    private readonly Linear output;
    private readonly Crf? crf;

    /// <param name="options">validated here.</param>
    /// <param name="rng">draws the initial weights and seeds the dropout masks.</param>
    public TaggingModel(TaggingModelOptions options, Rng rng)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(rng);
        options.Validate();
        Options = options;
        wordEmbedding = AddModule("word_embedding", new Embedding(new EmbeddingOptions
        {
            VocabularySize = options.WordVocabularySize, Dimension = options.WordEmbeddingDimension,
        }, rng.Fork()));
        if (options.Characters is { } characters)
        {
            characterEncoder = ICharacterEncoder.Create(characters, rng.Fork());
            AddModule("char_encoder", (Module)characterEncoder);
        }
        encoder = AddModule("encoder", new RecurrentLayer(new RecurrentOptions
        {
            Cell = options.Cell, InputSize = options.TokenFeatureSize, HiddenSize = options.HiddenSize, NumLayers = options.NumLayers,
            Bidirectional = true, Dropout = options.Dropout, BatchFirst = true,
        }, rng.Fork()));
        dropout = AddModule("dropout", new Dropout(options.Dropout, rng.Fork()));
        output = AddModule("output", new Linear(2 * options.HiddenSize, options.TagCount, rng.Fork()));
        if (options.Crf) crf = AddModule("crf", new Crf(new CrfOptions { Tags = options.TagCount }, rng.Fork()));
    }

    public TaggingModelOptions Options { get; }

    /// <summary>The CRF over the emission scores, or null with a softmax per token.</summary>
    public Crf? Crf => crf;

    /// <summary>The encoder of each word's characters (<c>char_encoder.*</c>), or null when the model reads no characters.</summary>
    public ICharacterEncoder? CharacterEncoder => characterEncoder;

    /// <summary>The word embedding, to start from pretrained vectors.</summary>
    public Embedding WordEmbedding => wordEmbedding;

    /// <summary>
    /// The bidirectional word-level encoder (<c>encoder.*</c>) that reads <see cref="TokenFeatures(TaggingBatch)"/>, for inspecting
    /// its states and gates.
    /// </summary>
    public RecurrentLayer Encoder => encoder;

    /// <summary>The emission scores s_t of every token, [B, T, K] (padded positions hold scores that nothing reads).</summary>
    public Variable Emissions(TaggingBatch batch) => Emissions(batch, EmbedWords(batch));

    /// <summary>The word embedding's output E_w[word_t] of a batch, [B, T, E_w]: what <see cref="Emissions(TaggingBatch, Variable)"/> reads.</summary>
    public Variable EmbedWords(TaggingBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        return wordEmbedding.Forward(batch.Words, [batch.Size, batch.Steps]);
    }

    /// <summary>
    /// What the encoder reads for every token, [B, T, F]: the word embedding, then the character encoder's features and the
    /// one-hot casing when the model has them (F = E_w + F_c + 6 with both).
    /// </summary>
    public Variable TokenFeatures(TaggingBatch batch) => TokenFeatures(batch, EmbedWords(batch));

    /// <summary>
    /// The emission scores [B, T, K] from the given word vectors [B, T, E_w] in place of the embedding's, with the batch's own
    /// character and casing features: the network above the word embedding, so that attribution methods can feed it vectors
    /// that no word has, such as points between a sentence's vectors and a baseline.
    /// </summary>
    public Variable Emissions(TaggingBatch batch, Variable wordVectors)
    {
        var x = TokenFeatures(batch, wordVectors);                                                    // [B, T, F]
        int size = batch.Size, steps = batch.Steps;
        var h = encoder.Forward(dropout.Forward(x), batch.Lengths).Output;                            // [B, T, 2H]
        var rows = Ops.Reshape(dropout.Forward(h), size * steps, 2 * Options.HiddenSize);
        return Ops.Reshape(output.Forward(rows), size, steps, Options.TagCount);                      // [B, T, K]
    }

    /// <summary>The encoder's input [B, T, F] from the given word vectors [B, T, E_w] and the batch's own character and casing features.</summary>
    private Variable TokenFeatures(TaggingBatch batch, Variable wordVectors)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(wordVectors);
        int size = batch.Size, steps = batch.Steps;
        if (wordVectors.Shape is not [var sentences, var tokens, var width] || sentences != size || tokens != steps || width != Options.WordEmbeddingDimension)
            throw new ArgumentException($"TaggingModel.Emissions: word vectors {Tensor.ShapeText(wordVectors.Shape)} for a batch of {size} sentences " +
                $"of {steps} tokens; give [{size}, {steps}, {Options.WordEmbeddingDimension}].", nameof(wordVectors));
        var features = new List<Variable> { wordVectors };                                           // [B, T, E_w]
        if (characterEncoder is not null)
        {
            var characters = batch.Characters ?? throw new ArgumentException("The model reads characters; the batch has none.", nameof(batch));
            features.Add(characters.TokenFeatures(characterEncoder.Forward(characters)));           // [W, F] → [B, T, F]
        }
        if (Options.Casing) features.Add(new Variable(CasingOneHot(batch)));                         // [B, T, 6]
        return features.Count == 1 ? features[0] : Ops.Concat(features, axis: 2);
    }

    /// <summary>
    /// The training loss of a batch with gold tags: the CRF's negative log-likelihood per sentence, or the cross-entropy per
    /// token of the softmax, averaged.
    /// </summary>
    public Variable Loss(TaggingBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var tags = batch.Tags ?? throw new ArgumentException("The batch has no gold tags to learn from.", nameof(batch));
        var emissions = Emissions(batch);
        if (crf is not null) return crf.NegativeLogLikelihood(emissions, tags, batch.Lengths);
        var rows = Ops.Reshape(emissions, batch.Size * batch.Steps, Options.TagCount);
        return Ops.CrossEntropy(rows, tags, new CrossEntropyOptions { IgnoreIndex = TaggingBatch.PaddingTag });
    }

    /// <summary>The best tag ids of each sentence (its own length): Viterbi with a CRF, else the best tag of each token.</summary>
    public int[][] Predict(TaggingBatch batch) => Decode(Emissions(batch).Value, batch.Lengths);

    /// <summary>The best tag ids of each sentence from emission scores [B, T, K].</summary>
    public int[][] Decode(Tensor emissions, int[] lengths)
    {
        if (crf is not null) return crf.Decode(emissions, lengths);
        int steps = emissions.Dim(1), tags = Options.TagCount;
        var scores = emissions.ReadOnlySpan;
        var paths = new int[lengths.Length][];
        for (int b = 0; b < lengths.Length; b++)
        {
            paths[b] = new int[lengths[b]];
            for (int t = 0; t < lengths[b]; t++) paths[b][t] = TensorPrimitives.IndexOfMax(scores.Slice((b * steps + t) * tags, tags));
        }
        return paths;
    }

    /// <summary>The one-hot casing of every position, [B, T, C] (padding reads as category 0, which nothing uses).</summary>
    private static Tensor CasingOneHot(TaggingBatch batch)
    {
        int categories = WordCasings.Count;
        var onehot = new Tensor(batch.Size, batch.Steps, categories);
        var span = onehot.Span;
        for (int position = 0; position < batch.Casings.Length; position++) span[position * categories + batch.Casings[position]] = 1f;
        return onehot;
    }
}
