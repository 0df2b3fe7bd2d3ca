namespace Recurrent.Tasks.Tagging;

/// <summary>
/// B sentences padded to the longest, T tokens, as a tagger reads them: row-major [B, T] id matrices of words, casings and
/// tags (padding: word 0, casing 0, tag <see cref="PaddingTag"/>), the lengths, and the distinct words' characters.
/// </summary>
public sealed class TaggingBatch
{
    /// <summary>The tag id at padded positions: ignored by the losses.</summary>
    public const int PaddingTag = -100;

    /// <param name="lengths">[B] tokens of each sentence, each in [1, T].</param>
    /// <param name="words">[B·T] word ids.</param>
    /// <param name="casings">[B·T] casing category ids.</param>
    /// <param name="characters">the characters of the batch's distinct words, or null when the model reads none.</param>
    /// <param name="tags">[B·T] gold tag ids, or null when tagging new text.</param>
    /// <param name="sentences">the index of each row's sentence in its corpus.</param>
    public TaggingBatch(int[] lengths, int[] words, int[] casings, CharacterBatch? characters, int[]? tags, int[] sentences)
    {
        Lengths = lengths;
        Size = lengths.Length;
        Steps = lengths.Max();
        if (words.Length != Size * Steps || casings.Length != Size * Steps || tags is not null && tags.Length != Size * Steps)
            throw new ArgumentException($"A batch of {Size} sentences of at most {Steps} tokens needs {Size * Steps} ids per matrix.");
        Words = words;
        Casings = casings;
        Characters = characters;
        Tags = tags;
        Sentences = sentences;
    }

    /// <summary>B, the sentences.</summary>
    public int Size { get; }

    /// <summary>T, the tokens of the longest sentence.</summary>
    public int Steps { get; }

    public int[] Lengths { get; }

    public int[] Words { get; }

    public int[] Casings { get; }

    public CharacterBatch? Characters { get; }

    public int[]? Tags { get; }

    public int[] Sentences { get; }

    /// <summary>The tokens of the batch (padding not counted).</summary>
    public int Tokens => Lengths.Sum();
}
