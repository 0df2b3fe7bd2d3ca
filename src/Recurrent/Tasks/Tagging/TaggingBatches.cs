using Recurrent.Data;
using Recurrent.Tensors;

namespace Recurrent.Tasks.Tagging;

/// <summary>
/// Tagged sentences encoded once with a <see cref="TaggingVocabulary"/>, cut into mini-batches: an epoch's batches
/// (<see cref="Epoch"/>) group sentences of similar length (little padding) in an order drawn from an <see cref="Rng"/> only,
/// so a seed or a resumed run's saved state gives the same order; <see cref="InOrder"/> needs no randomness. A batch is a list
/// of sentence indices, made into padded matrices by <see cref="Gather"/>.
/// </summary>
public sealed class TaggingBatches
{
    private readonly IReadOnlyList<IReadOnlyList<string>> tokens;
    private readonly int[][] words, casings;
    private readonly int[][]? tags;
    private readonly int[] lengths;
    private readonly TaggingVocabulary vocabulary;
    private readonly bool readsCharacters;

    /// <param name="tokens">the tokens of each sentence (at least one each).</param>
    /// <param name="tags">the gold tags of each sentence, or null for new text.</param>
    /// <param name="vocabulary">the model's words, characters and tags.</param>
    /// <param name="readsCharacters">the model reads characters: batches carry the distinct words' characters.</param>
    /// <param name="batchSize">sentences per batch.</param>
    public TaggingBatches(IReadOnlyList<IReadOnlyList<string>> tokens, IReadOnlyList<IReadOnlyList<string>>? tags, TaggingVocabulary vocabulary,
        bool readsCharacters, int batchSize)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        ArgumentNullException.ThrowIfNull(vocabulary);
        if (tokens.Count == 0) throw new ArgumentException("There are no sentences to tag.", nameof(tokens));
        if (batchSize < 1) throw new ArgumentOutOfRangeException(nameof(batchSize), $"The batch size must be at least 1, got {batchSize}.");
        for (int i = 0; i < tokens.Count; i++)
        {
            if (tokens[i].Count == 0) throw new ArgumentException($"Sentence {i + 1} has no token to tag.", nameof(tokens));
            if (tags is not null && tags[i].Count != tokens[i].Count)
                throw new ArgumentException($"Sentence {i + 1} has {tokens[i].Count} tokens but {tags[i].Count} tags.", nameof(tags));
        }
        this.tokens = tokens;
        this.vocabulary = vocabulary;
        this.readsCharacters = readsCharacters;
        BatchSize = batchSize;
        words = tokens.Select(vocabulary.EncodeWords).ToArray();
        casings = tokens.Select(sentence => sentence.Select(token => (int)WordCasings.Of(token)).ToArray()).ToArray();
        this.tags = tags?.Select(vocabulary.EncodeTags).ToArray();
        lengths = tokens.Select(sentence => sentence.Count).ToArray();
    }

    /// <summary>Encodes tagged sentences (their tags must be the model's).</summary>
    public static TaggingBatches Of(IReadOnlyList<TaggedSentence> sentences, TaggingVocabulary vocabulary, bool readsCharacters, int batchSize) =>
        new(sentences.Select(s => s.Tokens).ToArray(), sentences.Select(s => s.Tags).ToArray(), vocabulary, readsCharacters, batchSize);

    /// <summary>Number of sentences.</summary>
    public int Count => lengths.Length;

    public int BatchSize { get; }

    /// <summary>The tokens of every sentence.</summary>
    public long Tokens => lengths.Sum(length => (long)length);

    /// <summary>
    /// One epoch of training batches: sentences shuffled with <paramref name="rng"/>, sorted by length within chunks of
    /// <see cref="BatchPlan.BucketChunkBatches"/> batches, cut into batches, and the batches shuffled.
    /// </summary>
    public IReadOnlyList<int[]> Epoch(Rng rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        return BatchPlan.Create(lengths, BatchSize, shuffle: true, rng, bucketByLength: true);
    }

    /// <summary>Batches without randomness, for scoring: sentences sorted by length, cut in order.</summary>
    public IReadOnlyList<int[]> InOrder() => Enumerable.Range(0, Count).OrderBy(i => lengths[i]).Chunk(BatchSize).ToArray();

    /// <summary>
    /// The padded matrices of the sentences <paramref name="indices"/>, longest first (<see cref="TaggingBatch.Sentences"/>
    /// says which is which): the recurrent layers then compute fewer rows at each step as sentences end.
    /// </summary>
    public TaggingBatch Gather(int[] indices)
    {
        ArgumentNullException.ThrowIfNull(indices);
        indices = indices.OrderByDescending(i => lengths[i]).ToArray();
        int size = indices.Length, steps = indices.Max(i => lengths[i]);
        var batchWords = new int[size * steps];
        var batchCasings = new int[size * steps];
        var batchTags = tags is null ? null : new int[size * steps];
        if (batchTags is not null) Array.Fill(batchTags, TaggingBatch.PaddingTag);
        for (int b = 0; b < size; b++)
        {
            int i = indices[b];
            words[i].CopyTo(batchWords, b * steps);
            casings[i].CopyTo(batchCasings, b * steps);
            tags?[i].CopyTo(batchTags!, b * steps);
        }
        var characters = readsCharacters ? CharacterBatch.Build(indices.Select(i => tokens[i]).ToArray(), vocabulary.Characters) : null;
        return new TaggingBatch(indices.Select(i => lengths[i]).ToArray(), batchWords, batchCasings, characters, batchTags, indices);
    }
}
