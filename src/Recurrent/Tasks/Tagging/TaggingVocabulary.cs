using System.Text;
using Recurrent.Serialization;
using Recurrent.Text;

namespace Recurrent.Tasks.Tagging;

/// <summary>
/// What a tagger reads and writes by id: its words (lower-cased, every digit read as 0, so that "Paris", "PARIS" and "paris"
/// share an embedding and the casing comes from the characters and the casing feature), the characters of the words as
/// written, and the tags in the scheme the model is trained in. Words and characters start with &lt;pad&gt; (0) and
/// &lt;unk&gt; (1); tags have no special entries.
/// </summary>
public sealed class TaggingVocabulary
{
    public TaggingVocabulary(Vocabulary words, Vocabulary characters, IReadOnlyList<string> tags)
    {
        ArgumentNullException.ThrowIfNull(words);
        ArgumentNullException.ThrowIfNull(characters);
        ArgumentNullException.ThrowIfNull(tags);
        if (tags.Count == 0) throw new ArgumentException("A tagger needs at least one tag.", nameof(tags));
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (string tag in tags)
            if (string.IsNullOrWhiteSpace(tag) || !seen.Add(tag))
                throw new ArgumentException($"Tag '{tag}' is {(string.IsNullOrWhiteSpace(tag) ? "empty" : "listed twice")}; tags are distinct names.",
                    nameof(tags));
        Words = words;
        Characters = characters;
        Tags = tags.ToArray();
        tagIds = Tags.Select((tag, id) => (tag, id)).ToDictionary(p => p.tag, p => p.id, StringComparer.Ordinal);
    }

    private readonly Dictionary<string, int> tagIds;

    public Vocabulary Words { get; }

    public Vocabulary Characters { get; }

    /// <summary>The tags by id.</summary>
    public IReadOnlyList<string> Tags { get; }

    /// <summary>
    /// The vocabularies of <paramref name="sentences"/> (the training part): every word key seen at least
    /// <paramref name="minCount"/> times, then the <paramref name="pretrainedWords"/> the training words lack (so that a word
    /// met only in new text still finds its pretrained vector), every character (code point) of the tokens, and the tags sorted
    /// with O first.
    /// </summary>
    public static TaggingVocabulary Build(IReadOnlyList<TaggedSentence> sentences, int minCount = 1, IEnumerable<string>? pretrainedWords = null)
    {
        ArgumentNullException.ThrowIfNull(sentences);
        var words = Vocabulary.Build(sentences.Select(s => s.Tokens.Select(WordKey)), new VocabularyOptions { MinCount = minCount });
        if (pretrainedWords is not null) words = words.Extend(pretrainedWords.Select(WordKey));
        var characters = Vocabulary.Build(sentences.SelectMany(s => s.Tokens), new CharacterTokenizer());
        var tags = sentences.SelectMany(s => s.Tags).Distinct(StringComparer.Ordinal)
            .OrderBy(tag => tag == "O" ? 0 : 1).ThenBy(tag => tag.Length > 2 && tag[1] == '-' ? tag[2..] : tag, StringComparer.Ordinal)
            .ThenBy(tag => tag, StringComparer.Ordinal).ToArray();
        return new TaggingVocabulary(words, characters, tags);
    }

    /// <summary>"Paris" → "paris", "1996-08-22" → "0000-00-00": how a token is looked up among the words.</summary>
    public static string WordKey(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        var key = new StringBuilder(token.Length);
        foreach (char c in token) key.Append(char.IsAsciiDigit(c) ? '0' : char.ToLowerInvariant(c));
        return key.ToString();
    }

    /// <summary>The word id of each token (&lt;unk&gt; for words not in the vocabulary).</summary>
    public int[] EncodeWords(IReadOnlyList<string> tokens) =>
        tokens.Select(token => Words.IndexOf(WordKey(token)) is var id and >= 0 ? id : Vocabulary.UnknownIndex).ToArray();

    /// <summary>The id of each tag.</summary>
    /// <exception cref="ArgumentException">A tag the model does not know, naming it.</exception>
    public int[] EncodeTags(IReadOnlyList<string> tags) => tags.Select(tag => tagIds.TryGetValue(tag, out int id) ? id
        : throw new ArgumentException($"Tag '{tag}' is not among the model's {Tags.Count} tags ({string.Join(", ", Tags.Take(12))}" +
            $"{(Tags.Count > 12 ? ", …" : "")}).")).ToArray();

    /// <summary>True when the model knows <paramref name="tag"/>.</summary>
    public bool HasTag(string tag) => tagIds.ContainsKey(tag);

    /// <summary>The tags of ids.</summary>
    public string[] DecodeTags(IEnumerable<int> ids) => ids.Select(id => Tags[id]).ToArray();

    /// <summary>Writes both vocabularies as files of one entry per line (<see cref="Vocabulary.Write"/>), each atomically.</summary>
    public void Save(string wordsPath, string charactersPath)
    {
        foreach (var (vocabulary, path) in new[] { (Words, wordsPath), (Characters, charactersPath) })
        {
            using var text = new StringWriter();
            vocabulary.Write(text);
            AtomicFile.WriteAllText(path, text.ToString());
        }
    }

    /// <summary>Reads what <see cref="Save"/> wrote, with the tags from the model's config.</summary>
    /// <exception cref="TextFormatException">A malformed vocabulary file.</exception>
    public static TaggingVocabulary Load(string wordsPath, string charactersPath, IReadOnlyList<string> tags) =>
        new(Read(wordsPath), Read(charactersPath), tags);

    private static Vocabulary Read(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"Vocabulary file not found: {Path.GetFullPath(path)}.", path);
        using var reader = new StreamReader(path);
        return Vocabulary.Read(reader, path);
    }
}
