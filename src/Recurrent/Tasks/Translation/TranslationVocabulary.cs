using Recurrent.Serialization;
using Recurrent.Text;

namespace Recurrent.Tasks.Translation;

/// <summary>
/// The token ↔ id map of one side of a translation (source or target): a <see cref="Vocabulary"/> whose first ids are the
/// special tokens <c>&lt;pad&gt;</c> (0), <c>&lt;unk&gt;</c> (1), <c>&lt;bos&gt;</c> (2) and <c>&lt;eos&gt;</c> (3), then
/// the tokens of the training sentences by descending count. The decoder starts from &lt;bos&gt; and stops at &lt;eos&gt;;
/// &lt;pad&gt; fills batches; a token that is not in the vocabulary reads as &lt;unk&gt;. Saved as a text file of one
/// token per line in id order (<see cref="Vocabulary.Write"/>).
/// </summary>
public sealed class TranslationVocabulary
{
    public const string BeginToken = "<bos>";
    public const string EndToken = "<eos>";
    public const int PadId = Vocabulary.PadIndex;
    public const int UnknownId = Vocabulary.UnknownIndex;
    public const int BeginId = 2;
    public const int EndId = 3;

    /// <summary>The four special tokens in id order: &lt;pad&gt;, &lt;unk&gt;, &lt;bos&gt;, &lt;eos&gt;.</summary>
    public static IReadOnlyList<string> SpecialTokens { get; } = [Vocabulary.PadToken, Vocabulary.UnknownToken, BeginToken, EndToken];

    /// <summary>The underlying map, specials included.</summary>
    public Vocabulary Vocabulary { get; }

    /// <summary>Number of ids, V (the rows of the side's embedding, or the columns of the decoder's output layer).</summary>
    public int Count => Vocabulary.Count;

    /// <summary>A translation vocabulary over <paramref name="vocabulary"/>, whose ids 0–3 must be the four special tokens.</summary>
    public TranslationVocabulary(Vocabulary vocabulary)
    {
        ArgumentNullException.ThrowIfNull(vocabulary);
        for (int id = 0; id < SpecialTokens.Count; id++)
            if (id >= vocabulary.Count || vocabulary.TokenAt(id) != SpecialTokens[id])
                throw new ArgumentException($"A translation vocabulary starts with {string.Join(", ", SpecialTokens)} (ids 0–3), got " +
                    $"[{string.Join(", ", vocabulary.Tokens.Take(SpecialTokens.Count))}].", nameof(vocabulary));
        Vocabulary = vocabulary;
    }

    /// <summary>
    /// Counts the tokens of one side's training sentences and keeps those occurring at least
    /// <see cref="VocabularyOptions.MinCount"/> times, up to <see cref="VocabularyOptions.MaxSize"/> ids in all; the options'
    /// <see cref="VocabularyOptions.ExtraSpecialTokens"/> follow &lt;bos&gt; and &lt;eos&gt;.
    /// </summary>
    public static TranslationVocabulary Build(IEnumerable<IEnumerable<string>> tokenizedSentences, VocabularyOptions? options = null)
    {
        options ??= new VocabularyOptions();
        options = options with { ExtraSpecialTokens = [BeginToken, EndToken, .. options.ExtraSpecialTokens] };
        return new TranslationVocabulary(Vocabulary.Build(tokenizedSentences, options));
    }

    /// <summary>Tokenizes <paramref name="sentences"/> with <paramref name="tokenizer"/> and builds from the tokens.</summary>
    public static TranslationVocabulary Build(IEnumerable<string> sentences, ITokenizer tokenizer, VocabularyOptions? options = null) =>
        Build(sentences.Select(tokenizer.Tokenize), options);

    /// <summary>The ids of <paramref name="tokens"/>; a token not in the vocabulary maps to <see cref="UnknownId"/>.</summary>
    public int[] Encode(IEnumerable<string> tokens) => Vocabulary.Encode(tokens);

    /// <summary>
    /// The tokens of a decoded id sequence: up to the first &lt;eos&gt; (excluded), without &lt;bos&gt; and &lt;pad&gt;;
    /// &lt;unk&gt; stays, so that a translation shows where a word was unknown.
    /// </summary>
    public string[] Decode(IEnumerable<int> ids)
    {
        var tokens = new List<string>();
        foreach (int id in ids)
        {
            if (id == EndId) break;
            if (id is BeginId or PadId) continue;
            tokens.Add(Vocabulary.TokenAt(id));
        }
        return tokens.ToArray();
    }

    /// <summary>Writes one token per line in id order (the format of <see cref="Vocabulary.Write"/>).</summary>
    public void Write(TextWriter writer) => Vocabulary.Write(writer);

    /// <summary>Writes the vocabulary to <paramref name="path"/> at once (<see cref="AtomicFile"/>).</summary>
    public void Save(string path)
    {
        using var text = new StringWriter();
        Write(text);
        AtomicFile.WriteAllText(path, text.ToString());
    }

    /// <summary>Reads what <see cref="Write"/> wrote; <paramref name="source"/> names the input in error messages.</summary>
    /// <exception cref="TextFormatException">A malformed vocabulary file, or one whose ids 2 and 3 are not &lt;bos&gt; and &lt;eos&gt;.</exception>
    public static TranslationVocabulary Read(TextReader reader, string source = "<vocabulary>")
    {
        var vocabulary = Vocabulary.Read(reader, source);
        for (int id = BeginId; id <= EndId; id++)
            if (id >= vocabulary.Count || vocabulary.TokenAt(id) != SpecialTokens[id])
                throw new TextFormatException(source, id + 1, (id < vocabulary.Count ? $"expected '{SpecialTokens[id]}' (id {id}) but found " +
                    $"'{vocabulary.TokenAt(id)}'" : $"the file ends before '{SpecialTokens[id]}' (id {id})") +
                    $"; a translation vocabulary file starts with {string.Join(", ", SpecialTokens)}.");
        return new TranslationVocabulary(vocabulary);
    }

    /// <summary>Reads the vocabulary file at <paramref name="path"/>.</summary>
    /// <exception cref="TextFormatException">A malformed vocabulary file.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static TranslationVocabulary Load(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"Vocabulary file not found: {Path.GetFullPath(path)}.", path);
        using var reader = new StreamReader(path);
        return Read(reader, path);
    }
}
