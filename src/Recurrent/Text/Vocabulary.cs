using System.Text;

namespace Recurrent.Text;

/// <summary>Options of <see cref="Vocabulary.Build(IEnumerable{IEnumerable{string}}, VocabularyOptions?)"/>.</summary>
public sealed record VocabularyOptions
{
    /// <summary>A token must occur at least this often in the training texts to get its own id.</summary>
    public int MinCount { get; init; } = 1;

    /// <summary>Largest number of entries, the special tokens included (so the embedding table has at most this many rows); null for no limit.</summary>
    public int? MaxSize { get; init; }

    /// <summary>
    /// Special tokens placed right after &lt;pad&gt; and &lt;unk&gt; (ids 2, 3, …), e.g. &lt;bos&gt; and &lt;eos&gt;,
    /// whether or not they occur in the texts.
    /// </summary>
    public IReadOnlyList<string> ExtraSpecialTokens { get; init; } = [];

    public void Validate()
    {
        if (MinCount < 1)
            throw new ArgumentOutOfRangeException(nameof(MinCount), $"VocabularyOptions.MinCount must be at least 1, got {MinCount}.");
        var specials = new HashSet<string>(StringComparer.Ordinal) { Vocabulary.PadToken, Vocabulary.UnknownToken };
        foreach (var token in ExtraSpecialTokens)
        {
            if (string.IsNullOrEmpty(token))
                throw new ArgumentException("VocabularyOptions.ExtraSpecialTokens contains an empty token.", nameof(ExtraSpecialTokens));
            if (!specials.Add(token))
                throw new ArgumentException(
                    $"VocabularyOptions.ExtraSpecialTokens repeats '{token}' (<pad> and <unk> are always present).", nameof(ExtraSpecialTokens));
        }
        if (MaxSize is { } max && max < specials.Count)
            throw new ArgumentOutOfRangeException(nameof(MaxSize), $"VocabularyOptions.MaxSize {max} is smaller than the " +
                $"{specials.Count} special tokens; use null for no limit.");
    }
}

/// <summary>
/// Token ↔ id map. Id 0 is <c>&lt;pad&gt;</c>, id 1 is <c>&lt;unk&gt;</c>, then any extra special tokens, then the counted tokens by
/// descending frequency with ties in ordinal string order, so the same texts always give the same ids.
/// Tokens are matched exactly (ordinal); lower-casing is the tokenizer's job (<see cref="WordTokenizerOptions.Lowercase"/>),
/// which keeps the saved form a plain token list.
/// </summary>
public sealed class Vocabulary
{
    public const string PadToken = "<pad>";
    public const string UnknownToken = "<unk>";
    public const int PadIndex = 0;
    public const int UnknownIndex = 1;

    private readonly string[] tokens;
    private readonly Dictionary<string, int> index;

    /// <summary>A vocabulary with exactly these tokens in this order; the first two must be &lt;pad&gt; and &lt;unk&gt;.</summary>
    public Vocabulary(IEnumerable<string> tokens)
    {
        this.tokens = tokens.ToArray();
        if (this.tokens.Length < 2 || this.tokens[PadIndex] != PadToken || this.tokens[UnknownIndex] != UnknownToken)
            throw new ArgumentException($"A vocabulary starts with {PadToken} (id 0) and {UnknownToken} (id 1), got " +
                $"[{string.Join(", ", this.tokens.Take(2))}].", nameof(tokens));
        index = new Dictionary<string, int>(this.tokens.Length, StringComparer.Ordinal);
        for (int i = 0; i < this.tokens.Length; i++)
        {
            if (string.IsNullOrEmpty(this.tokens[i]))
                throw new ArgumentException($"Vocabulary token {i} is empty.", nameof(tokens));
            if (!index.TryAdd(this.tokens[i], i))
                throw new ArgumentException($"Vocabulary token '{this.tokens[i]}' appears twice (ids {index[this.tokens[i]]} and {i}).", nameof(tokens));
        }
    }

    /// <summary>Counts the tokens of every text and keeps those occurring at least MinCount times, most frequent first, up to MaxSize entries.</summary>
    public static Vocabulary Build(IEnumerable<IEnumerable<string>> tokenizedTexts, VocabularyOptions? options = null)
    {
        options ??= new VocabularyOptions();
        options.Validate();
        var specials = new List<string> { PadToken, UnknownToken };
        specials.AddRange(options.ExtraSpecialTokens);
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var text in tokenizedTexts)
            foreach (var token in text)
                if (!string.IsNullOrEmpty(token))
                    counts[token] = counts.GetValueOrDefault(token) + 1;
        var isSpecial = specials.ToHashSet(StringComparer.Ordinal);
        var counted = counts
            .Where(kv => kv.Value >= options.MinCount && !isSpecial.Contains(kv.Key))
            .OrderByDescending(kv => kv.Value)
            .ThenBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(kv => kv.Key);
        if (options.MaxSize is { } max) counted = counted.Take(max - specials.Count);
        return new Vocabulary(specials.Concat(counted));
    }

    /// <summary>Tokenizes <paramref name="texts"/> and builds from the tokens.</summary>
    public static Vocabulary Build(IEnumerable<string> texts, ITokenizer tokenizer, VocabularyOptions? options = null)
        => Build(texts.Select(tokenizer.Tokenize), options);

    /// <summary>
    /// This vocabulary followed by the <paramref name="tokens"/> it lacks, in their order, up to <paramref name="maxSize"/> entries in all
    /// (null: no limit). Existing ids do not change. Used to add the words of a pretrained vector file that the training texts lack.
    /// </summary>
    public Vocabulary Extend(IEnumerable<string> tokens, int? maxSize = null)
    {
        if (maxSize is { } max && max < Count)
            throw new ArgumentOutOfRangeException(nameof(maxSize), $"Cannot extend a vocabulary of {Count} tokens to at most {max}.");
        var extended = new List<string>(this.tokens);
        var present = new HashSet<string>(this.tokens, StringComparer.Ordinal);
        foreach (string token in tokens)
        {
            if (maxSize is { } limit && extended.Count >= limit) break;
            if (!string.IsNullOrEmpty(token) && present.Add(token)) extended.Add(token);
        }
        return new Vocabulary(extended);
    }

    /// <summary>Number of entries, V: ids are 0 … V − 1.</summary>
    public int Count => tokens.Length;

    public IReadOnlyList<string> Tokens => tokens;

    /// <summary>The id of <paramref name="token"/>, or −1 when it is not in the vocabulary.</summary>
    public int IndexOf(string token) => index.GetValueOrDefault(token, -1);

    public bool Contains(string token) => index.ContainsKey(token);

    public string TokenAt(int id)
    {
        if ((uint)id >= (uint)tokens.Length)
            throw new ArgumentOutOfRangeException(nameof(id), $"Token id {id} is outside the vocabulary [0, {tokens.Length}).");
        return tokens[id];
    }

    /// <summary>Ids of the tokens; a token not in the vocabulary maps to <see cref="UnknownIndex"/>.</summary>
    public int[] Encode(IEnumerable<string> tokens) => tokens.Select(t => index.GetValueOrDefault(t, UnknownIndex)).ToArray();

    /// <summary>Tokens of the ids; <paramref name="skipPadding"/> drops &lt;pad&gt; ids.</summary>
    public string[] Decode(IEnumerable<int> ids, bool skipPadding = false)
        => ids.Where(id => !(skipPadding && id == PadIndex)).Select(TokenAt).ToArray();

    /// <summary>
    /// Writes one token per line in id order. Backslash, line feed, carriage return and tab inside a token are written as
    /// <c>\\</c>, <c>\n</c>, <c>\r</c>, <c>\t</c>, so a character-level vocabulary (which has a newline token) stays one token per line.
    /// </summary>
    public void Write(TextWriter writer)
    {
        foreach (var token in tokens)
        {
            writer.Write(Escape(token));
            writer.Write('\n');
        }
    }

    /// <summary>Reads what <see cref="Write"/> wrote. <paramref name="source"/> names the input in error messages (the file path).</summary>
    /// <exception cref="TextFormatException">An empty line, a bad escape, a repeated token, or a file that does not
    /// start with &lt;pad&gt;, &lt;unk&gt;.</exception>
    public static Vocabulary Read(TextReader reader, string source = "<vocabulary>")
    {
        var read = new List<string>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            int lineNumber = read.Count + 1;
            if (line.Length == 0)
                throw new TextFormatException(source, lineNumber, "empty line; a vocabulary file has exactly one token on every line.");
            string token = Unescape(line, source, lineNumber);
            if (!seen.TryAdd(token, lineNumber))
                throw new TextFormatException(source, lineNumber, $"token '{line}' already appeared on line {seen[token]}.");
            string? expected = read.Count switch { PadIndex => PadToken, UnknownIndex => UnknownToken, _ => null };
            if (expected is not null && token != expected)
                throw new TextFormatException(source, lineNumber, $"expected '{expected}' (id {read.Count}) but found " +
                    $"'{line}'; a vocabulary file starts with {PadToken} and {UnknownToken}.");
            read.Add(token);
        }
        if (read.Count < 2)
            throw new TextFormatException(source, read.Count + 1, $"the file ends after {read.Count} line(s); a vocabulary " +
                $"file starts with {PadToken} and {UnknownToken}.");
        return new Vocabulary(read);
    }

    private static string Escape(string token)
    {
        if (token.AsSpan().IndexOfAny("\\\n\r\t") < 0) return token;
        var sb = new StringBuilder(token.Length + 2);
        foreach (char c in token)
            sb.Append(c switch { '\\' => @"\\", '\n' => @"\n", '\r' => @"\r", '\t' => @"\t", _ => c.ToString() });
        return sb.ToString();
    }

    private static string Unescape(string line, string source, int lineNumber)
    {
        if (!line.Contains('\\')) return line;
        var sb = new StringBuilder(line.Length);
        for (int i = 0; i < line.Length; i++)
        {
            if (line[i] != '\\')
            {
                sb.Append(line[i]);
                continue;
            }
            if (++i == line.Length)
                throw new TextFormatException(source, lineNumber, $"'{line}' ends in a lone backslash; write a backslash in a token as \\\\.");
            sb.Append(line[i] switch
            {
                '\\' => '\\', 'n' => '\n', 'r' => '\r', 't' => '\t',
                _ => throw new TextFormatException(source, lineNumber, $"unknown escape '\\{line[i]}' in '{line}'; the escapes are \\\\, \\n, \\r and \\t."),
            });
        }
        return sb.ToString();
    }
}
