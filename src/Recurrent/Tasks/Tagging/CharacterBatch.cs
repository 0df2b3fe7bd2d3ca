using Recurrent.Autograd;
using Recurrent.Text;

namespace Recurrent.Tasks.Tagging;

/// <summary>
/// The characters of a batch of sentences, as a character encoder (<see cref="ICharacterEncoder"/>) reads them: each distinct
/// word of the batch once, as a row of character ids [W, C] padded with 0, so that a word repeated in the batch (<c>the</c>,
/// <c>,</c>) is encoded once; and for every token of the padded [B, T] batch the row of its word, through which
/// <see cref="TokenFeatures"/> spreads the encoder's [W, F] word features over the tokens.
/// Characters are Unicode code points (<see cref="CharacterTokenizer"/>), in their original case; the character vocabulary
/// is <see cref="Vocabulary.Build(IEnumerable{string}, ITokenizer, VocabularyOptions?)"/> of the training tokens with a
/// <see cref="CharacterTokenizer"/>: 0 is &lt;pad&gt;, 1 &lt;unk&gt; (a character the training data lacks).
/// </summary>
public sealed class CharacterBatch
{
    private CharacterBatch(IReadOnlyList<string> words, int[] characterIds, int maxWordLength, int[] wordLengths,
        int[] tokenRows, int batchSize, int steps)
    {
        Words = words;
        CharacterIds = characterIds;
        MaxWordLength = maxWordLength;
        WordLengths = wordLengths;
        TokenRows = tokenRows;
        BatchSize = batchSize;
        Steps = steps;
    }

    /// <summary>The distinct words of the batch, W of them, in order of first occurrence (sentence by sentence).</summary>
    public IReadOnlyList<string> Words { get; }

    /// <summary>W.</summary>
    public int WordCount => Words.Count;

    /// <summary>C: the characters of the longest word.</summary>
    public int MaxWordLength { get; }

    /// <summary>[W, C] row-major: the character ids of word w at [w·C, w·C + length_w), then &lt;pad&gt; (0).</summary>
    public int[] CharacterIds { get; }

    /// <summary>[W]: the number of characters of each word, each in [1, C].</summary>
    public int[] WordLengths { get; }

    /// <summary>B: sentences in the batch.</summary>
    public int BatchSize { get; }

    /// <summary>T: tokens of the longest sentence.</summary>
    public int Steps { get; }

    /// <summary>
    /// [B, T] row-major: the row in [0, W) of the word of token t of sentence b. Padded positions (t at or past the sentence's
    /// length) hold row 0, so their features are those of the batch's first word: like every padded step, they are to be
    /// ignored (a <see cref="Recurrence.RecurrentLayer"/> given the sentence lengths reads nothing there).
    /// </summary>
    public int[] TokenRows { get; }

    /// <summary>
    /// The batch of <paramref name="sentences"/> (each a list of tokens, at least one sentence, no sentence and no token empty),
    /// their characters looked up in <paramref name="characters"/>.
    /// </summary>
    /// <exception cref="ArgumentException">no sentences, an empty sentence or an empty token (named by its position).</exception>
    public static CharacterBatch Build(IReadOnlyList<IReadOnlyList<string>> sentences, Vocabulary characters)
    {
        ArgumentNullException.ThrowIfNull(sentences);
        ArgumentNullException.ThrowIfNull(characters);
        if (sentences.Count == 0)
            throw new ArgumentException("CharacterBatch.Build needs at least one sentence.", nameof(sentences));
        int steps = 0;
        for (int b = 0; b < sentences.Count; b++)
        {
            if (sentences[b].Count == 0)
                throw new ArgumentException($"CharacterBatch.Build: sentence {b} of the batch has no tokens.", nameof(sentences));
            steps = Math.Max(steps, sentences[b].Count);
        }

        var tokenizer = new CharacterTokenizer();
        var rowOf = new Dictionary<string, int>(StringComparer.Ordinal);
        var words = new List<string>();
        var encoded = new List<int[]>();
        var tokenRows = new int[sentences.Count * steps];
        for (int b = 0; b < sentences.Count; b++)
        {
            for (int t = 0; t < sentences[b].Count; t++)
            {
                string token = sentences[b][t];
                if (string.IsNullOrEmpty(token))
                    throw new ArgumentException($"CharacterBatch.Build: token {t} of sentence {b} of the batch is empty.", nameof(sentences));
                if (!rowOf.TryGetValue(token, out int row))
                {
                    row = rowOf[token] = words.Count;
                    words.Add(token);
                    encoded.Add(characters.Encode(tokenizer.Tokenize(token)));
                }
                tokenRows[b * steps + t] = row;
            }
        }

        int maxWordLength = encoded.Max(ids => ids.Length);
        var characterIds = new int[words.Count * maxWordLength];
        var wordLengths = new int[words.Count];
        for (int w = 0; w < words.Count; w++)
        {
            encoded[w].CopyTo(characterIds, w * maxWordLength);
            wordLengths[w] = encoded[w].Length;
        }
        return new CharacterBatch(words, characterIds, maxWordLength, wordLengths, tokenRows, sentences.Count, steps);
    }

    /// <summary>
    /// Word features [W, F] (an encoder's output) → token features [B, T, F]: token (b, t) gets row TokenRows[b·T + t].
    /// Backward adds each token's gradient into its word's row, so a word repeated in the batch gets the sum.
    /// </summary>
    public Variable TokenFeatures(Variable wordFeatures)
    {
        ArgumentNullException.ThrowIfNull(wordFeatures);
        if (wordFeatures.Value.Rank != 2 || wordFeatures.Dim(0) != WordCount)
            throw new ArgumentException($"CharacterBatch.TokenFeatures needs word features [W, F] with W = {WordCount}, got " +
                $"{Tensor.ShapeText(wordFeatures.Shape)}.", nameof(wordFeatures));
        return Ops.EmbeddingLookup(wordFeatures, TokenRows, [BatchSize, Steps]);
    }
}
