using System.Globalization;
using System.Text;
using Recurrent.Data;
using Recurrent.Tensors;

namespace Recurrent.Text;

/// <summary>
/// Pre-trained word vectors (GloVe, word2vec, fastText .vec) read from their text format: N words, each with a vector of D floats.
/// The format is detected from the first line: exactly two integers is a word2vec header (<c>count dim</c>); anything else is a
/// GloVe vector line whose field count fixes D. Files are read as UTF-8 and numbers with the invariant culture ('.' decimals).
/// A word that appears twice keeps its first vector.
/// </summary>
public sealed class PretrainedVectors
{
    private readonly string[] words;
    private readonly Dictionary<string, int> index;

    /// <summary>[N, D]: row i is the vector of <see cref="Words"/>[i].</summary>
    public Tensor Vectors { get; }

    public IReadOnlyList<string> Words => words;

    public WordVectorFormat Format { get; }

    /// <summary>N.</summary>
    public int Count => words.Length;

    /// <summary>D.</summary>
    public int Dimension => Vectors.Dim(1);

    /// <summary>Malformed vector lines left out by a read that skips them (0 otherwise).</summary>
    public int SkippedLines { get; private init; }

    /// <summary>The first line left out and why ("glove.txt:51: 'broken' has 2 values, expected 25"), or null.</summary>
    public string? FirstSkipped { get; private init; }

    /// <summary>What a malformed vector line's error says to do.</summary>
    public const string SkipAdvice = "Fix or delete the line, or skip such lines (ReadOptions.SkipBadRows).";

    public PretrainedVectors(IReadOnlyList<string> words, Tensor vectors, WordVectorFormat format = WordVectorFormat.GloVe)
    {
        if (vectors.Rank != 2 || vectors.Dim(0) != words.Count)
            throw new ArgumentException($"Vectors must be [N, D] with N = {words.Count} words, got {Tensor.ShapeText(vectors.Shape)}.", nameof(vectors));
        this.words = words.ToArray();
        Vectors = vectors;
        Format = format;
        index = new Dictionary<string, int>(this.words.Length, StringComparer.Ordinal);
        for (int i = 0; i < this.words.Length; i++) index.TryAdd(this.words[i], i);
    }

    /// <summary>Reads a GloVe or word2vec text file (UTF-8).</summary>
    /// <param name="path">the file.</param>
    /// <param name="skipBadLines">leave out vector lines with the wrong number of values or a value that is not a number
    /// (counted in <see cref="SkippedLines"/>) instead of throwing.</param>
    /// <exception cref="TextFormatException">A malformed line; the message gives the file and line number.</exception>
    public static PretrainedVectors Load(string path, bool skipBadLines = false)
    {
        TextFile.RequireRegularFile(path);
        using var reader = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        return Read(reader, path, skipBadLines);
    }

    /// <summary>Reads vectors from <paramref name="reader"/>; <paramref name="source"/> names the input in error messages.</summary>
    /// <param name="reader">the text.</param>
    /// <param name="source">the file name for messages.</param>
    /// <param name="skipBadLines">leave out malformed vector lines instead of throwing (see <see cref="Load"/>).</param>
    /// <exception cref="TextFormatException">A malformed line; the message gives the source and line number.</exception>
    public static PretrainedVectors Read(TextReader reader, string source = "<vectors>", bool skipBadLines = false)
    {
        int skipped = 0;
        string? firstSkipped = null;
        // A vector line that cannot be used: an error that says how to get past it, or with skipBadLines a line left out.
        bool Skip(int line, string reason)
        {
            if (!skipBadLines) throw new TextFormatException(source, line, $"{reason} {SkipAdvice}");
            if (skipped++ == 0) firstSkipped = $"{source}:{line}: {reason.TrimEnd('.')}";
            return true;
        }

        var words = new List<string>();
        var values = new List<float>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        int dimension = -1, declaredCount = -1, lineNumber = 0, headerLine = 0, vectorLines = 0;
        var format = WordVectorFormat.GloVe;
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            lineNumber++;
            if (line.Contains('\0'))
                throw new TextFormatException(source, lineNumber,
                    "the file holds a NUL byte, so it is binary, not text. Word vectors are read in the GloVe or word2vec text " +
                    "format; save word2vec's binary vectors as text first (gensim: save_word2vec_format(path, binary=False)).");
            var fields = line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length == 0) continue;
            if (dimension < 0 && fields.Length == 2 && IsCount(fields[0]) && IsCount(fields[1]))
            {
                format = WordVectorFormat.Word2VecText;
                declaredCount = int.Parse(fields[0], CultureInfo.InvariantCulture);
                dimension = int.Parse(fields[1], CultureInfo.InvariantCulture);
                headerLine = lineNumber;
                if (dimension < 1)
                    throw new TextFormatException(source, lineNumber, $"the word2vec header '{line}' declares dimension {dimension}; it must be at least 1.");
                continue;
            }
            vectorLines++;
            if (format == WordVectorFormat.Word2VecText && vectorLines > declaredCount)
                throw new TextFormatException(source, lineNumber, $"the word2vec header on line {headerLine} declares " +
                    $"{declaredCount} vectors, but more lines follow.");
            if (dimension < 0)
            {
                if (fields.Length < 2)
                    throw new TextFormatException(source, lineNumber, $"expected a word followed by its vector, found only '{Shorten(line)}'.");
                dimension = fields.Length - 1;
            }
            string expected = $"expected {dimension} ({(headerLine > 0 ? $"declared by the header on line {headerLine}" : "as on the first line")}).";
            if (fields.Length < dimension + 1 && Skip(lineNumber, $"'{fields[0]}' has {fields.Length - 1} values, {expected}")) continue;

            // A word may contain spaces (glove.840B has a few): the word is everything before the last D fields, and none of those extra
            // fields may be a number, else the line simply has too many values.
            int wordFields = fields.Length - dimension;
            bool numberInWord = false;
            for (int f = 1; f < wordFields; f++)
                numberInWord |= float.TryParse(fields[f], NumberStyles.Float, CultureInfo.InvariantCulture, out _);
            if (numberInWord && Skip(lineNumber, $"'{fields[0]}' has {fields.Length - 1} values, {expected}")) continue;
            string word = wordFields == 1 ? fields[0] : string.Join(' ', fields, 0, wordFields);
            int badValue = -1;
            for (int f = wordFields; f < fields.Length && badValue < 0; f++)
                if (!float.TryParse(fields[f], NumberStyles.Float, CultureInfo.InvariantCulture, out float v) || !float.IsFinite(v)) badValue = f;
            if (badValue >= 0 && Skip(lineNumber,
                    $"value {badValue - wordFields + 1} of '{word}' is '{Shorten(fields[badValue])}', not a finite number " +
                    "(numbers use '.' as the decimal point).")) continue;
            if (!seen.Add(word)) continue;
            words.Add(word);
            for (int f = wordFields; f < fields.Length; f++) values.Add(float.Parse(fields[f], NumberStyles.Float, CultureInfo.InvariantCulture));
        }
        if (dimension < 0)
            throw new TextFormatException(source, Math.Max(lineNumber, 1), "the file holds no vectors.");
        if (format == WordVectorFormat.Word2VecText && vectorLines != declaredCount)
            throw new TextFormatException(source, headerLine,
                $"the word2vec header declares {declaredCount} vectors but only {vectorLines} lines follow it.");
        if (words.Count == 0)
            throw new TextFormatException(source, Math.Max(lineNumber, 1), "the file holds no vectors.");
        return new PretrainedVectors(words, new Tensor(values.ToArray(), words.Count, dimension), format)
        {
            SkippedLines = skipped, FirstSkipped = firstSkipped,
        };
    }

    /// <summary>Row of <paramref name="word"/> (exact, ordinal match), or −1.</summary>
    public int IndexOf(string word) => index.GetValueOrDefault(word, -1);

    /// <summary>Row of <paramref name="token"/>, or else of its lower-case form when <paramref name="lowercaseFallback"/>, or −1.</summary>
    public int Lookup(string token, bool lowercaseFallback = true)
    {
        int row = IndexOf(token);
        if (row < 0 && lowercaseFallback)
        {
            string lower = token.ToLowerInvariant();
            if (lower != token) row = IndexOf(lower);
        }
        return row;
    }

    /// <summary>The vector [D] in row <paramref name="row"/>.</summary>
    public ReadOnlySpan<float> Vector(int row)
    {
        if ((uint)row >= (uint)words.Length)
            throw new ArgumentOutOfRangeException(nameof(row), $"Row {row} is outside the {words.Length} vectors.");
        return Vectors.ReadOnlySpan.Slice(row * Dimension, Dimension);
    }

    /// <summary>
    /// An embedding table [V, D] for <paramref name="vocabulary"/> (for <c>Embedding.LoadPretrained</c>): a token with a vector
    /// (exact, then lower-case) gets a copy of it; &lt;pad&gt; gets zeros; every other token, &lt;unk&gt; and extra special tokens included,
    /// gets N(0, σ²) noise with σ = <see cref="EmbeddingMatrixOptions.MissingStandardDeviation"/> (0.1: small next to GloVe's ≈0.4–0.6
    /// per component, so unknown words start near the origin and learn their place when the table is fine-tuned).
    /// <paramref name="coverage"/> counts the tokens other than &lt;pad&gt; and &lt;unk&gt;.
    /// </summary>
    public Tensor BuildEmbeddingMatrix(Vocabulary vocabulary, Rng rng, out CoverageReport coverage, EmbeddingMatrixOptions? options = null)
    {
        options ??= new EmbeddingMatrixOptions();
        options.Validate();
        int dimension = Dimension;
        var matrix = new Tensor(vocabulary.Count, dimension);
        var missing = new List<string>();
        int found = 0;
        for (int id = 0; id < vocabulary.Count; id++)
        {
            var row = matrix.Span.Slice(id * dimension, dimension);
            if (id == Vocabulary.PadIndex) continue;
            int source = id == Vocabulary.UnknownIndex ? -1 : Lookup(vocabulary.TokenAt(id), options.LowercaseFallback);
            if (source >= 0)
            {
                Vector(source).CopyTo(row);
                found++;
                continue;
            }
            rng.FillNormal(row, 0f, options.MissingStandardDeviation);
            if (id != Vocabulary.UnknownIndex && missing.Count < CoverageReport.MaxExamples) missing.Add(vocabulary.TokenAt(id));
        }
        coverage = new CoverageReport(found, Math.Max(0, vocabulary.Count - 2), missing);
        return matrix;
    }

    /// <summary>How many tokens of <paramref name="vocabulary"/> (other than &lt;pad&gt; and &lt;unk&gt;) have a vector, exact or lower-case.</summary>
    public CoverageReport Coverage(Vocabulary vocabulary, bool lowercaseFallback = true)
    {
        var missing = new List<string>();
        int found = 0;
        for (int id = Vocabulary.UnknownIndex + 1; id < vocabulary.Count; id++)
        {
            if (Lookup(vocabulary.TokenAt(id), lowercaseFallback) >= 0) found++;
            else if (missing.Count < CoverageReport.MaxExamples) missing.Add(vocabulary.TokenAt(id));
        }
        return new CoverageReport(found, Math.Max(0, vocabulary.Count - 2), missing);
    }

    private static bool IsCount(string field) => field.All(char.IsAsciiDigit) && int.TryParse(field, NumberStyles.None, CultureInfo.InvariantCulture, out _);

    /// <summary>The start of a line for a message, with control characters written as \u0009 so the message stays one line.</summary>
    private static string Shorten(string text)
    {
        string start = text.Length <= 40 ? text : text[..40] + "…";
        return string.Concat(start.Select(c => char.IsControl(c) ? $"\\u{(int)c:x4}" : c.ToString()));
    }
}
