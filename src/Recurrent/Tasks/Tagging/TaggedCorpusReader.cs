using System.Globalization;
using Recurrent.Data;

namespace Recurrent.Tasks.Tagging;

/// <summary>
/// Reads a tagged corpus of one token per line (<see cref="TaggedCorpusFormat"/>): a line that is empty or only whitespace
/// ends a sentence, a <c>-DOCSTART-</c> line starts a new document, and every token line of a sentence has as many columns
/// as its first. Files are read as UTF-8 within <see cref="ReadLimits"/>; a malformed line is a
/// <see cref="DataFormatException"/> naming its file:line, or is skipped with <see cref="TaggedCorpusReadOptions.SkipBadRows"/>.
/// </summary>
public static class TaggedCorpusReader
{
    /// <summary>The first column of the line that starts each document of CoNLL-2003 (<c>-DOCSTART- -X- O O</c>).</summary>
    public const string DocumentStart = "-DOCSTART-";

    private const string SkipAdvice = "or set TaggedCorpusReadOptions.SkipBadRows to skip such lines";

    private static readonly char[] ConllSeparators = [' ', '\t'];

    /// <summary>Reads the file at <paramref name="path"/>.</summary>
    public static TaggedCorpus Read(string path, TaggedCorpusReadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        options ??= new TaggedCorpusReadOptions();
        options.Validate();
        return Parse(TextFile.Lines(TextFile.ReadAll(path)), path, options);
    }

    /// <summary>Reads <paramref name="reader"/> to its end (standard input, a test's text); errors name <paramref name="displayName"/>.</summary>
    public static TaggedCorpus Read(TextReader reader, string displayName, TaggedCorpusReadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(displayName);
        options ??= new TaggedCorpusReadOptions();
        options.Validate();
        return Parse(ReadLines(reader, displayName), displayName, options);
    }

    private static IEnumerable<(string Text, int Number)> ReadLines(TextReader reader, string displayName)
    {
        long maxLine = ReadLimits.LineCharacters;
        int number = 0;
        while (reader.ReadLine() is { } line)
        {
            number++;
            if (line.Length > maxLine)
                throw new DataFormatException(new SourceLocation(displayName, number),
                    $"the line is longer than the limit of {ReadLimits.Describe(maxLine, "characters", ReadLimits.LineLengthVariable)}",
                    "Check that this is a tagged corpus with one token per line.");
            yield return (line, number);
        }
    }

    private static TaggedCorpus Parse(IEnumerable<(string Text, int Number)> lines, string file, TaggedCorpusReadOptions options)
    {
        var builder = new CorpusBuilder();
        foreach (var (text, number) in lines)
        {
            if (string.IsNullOrWhiteSpace(text))
            {
                builder.EndSentence();
                continue;
            }
            string[] fields = options.Format == TaggedCorpusFormat.Wnut
                ? text.Split('\t')
                : text.Split(ConllSeparators, StringSplitOptions.RemoveEmptyEntries);
            if (fields[0] == DocumentStart)
            {
                builder.StartDocument(fields);
                continue;
            }
            var where = new SourceLocation(file, number);
            if (Problem(fields, builder.SentenceColumns, options) is not { } problem) builder.AddToken(fields, TagIndex(fields, options), where);
            else if (options.SkipBadRows) builder.Skip(where, problem.Reason);
            else throw new DataFormatException(where, problem.Reason, problem.Advice);
        }
        builder.EndSentence();
        if (builder.Sentences.Count == 0)
            throw new DataFormatException(file, "the file holds no sentences (no token lines)" +
                (builder.Skipped.Count > 0 ? $"; all {builder.Skipped.Count} token lines were malformed and skipped" : ""),
                "Give a file with one token and its tag per line and a blank line between sentences.");
        return new TaggedCorpus(builder.Sentences, builder.Columns, builder.DocumentMarker, builder.Skipped);
    }

    private static int TagIndex(string[] fields, TaggedCorpusReadOptions options) => options.TagColumn ?? fields.Length - 1;

    /// <summary>What is wrong with a token line, and what to do; null for a good line.</summary>
    private static (string Reason, string Advice)? Problem(string[] fields, int? sentenceColumns, TaggedCorpusReadOptions options)
    {
        if (options.Format == TaggedCorpusFormat.Wnut && fields.Length != 2)
            return ($"the line has {Columns(fields.Length)} separated by tabs, but the WNUT format has 2: the token and its tag",
                $"Separate the token from its tag by one tab (read CoNLL column files with TaggedCorpusFormat.Conll), {SkipAdvice}.");
        if (sentenceColumns is { } expected && fields.Length != expected)
            return ($"the line has {Columns(fields.Length)}, but the sentence's first line has {expected}",
                $"Give every token line the same columns and end each sentence with a blank line, {SkipAdvice}.");
        if (options.TagColumn is { } column && fields.Length <= column)
            return ($"the line has {Columns(fields.Length)}, too few for the tags in column {column} (0-based)",
                $"Check TaggedCorpusReadOptions.TagColumn (null takes the last column), {SkipAdvice}.");
        if (fields.Length < 2)
            return ($"the line has {Columns(fields.Length)}, but a token line needs at least 2: the token and its tag",
                $"Add the tag after the token, separated by a space or a tab, {SkipAdvice}.");
        if (fields[0].Length == 0)
            return ("the line has an empty token before its first tab", $"Remove the line or write its token, {SkipAdvice}.");
        if (fields[TagIndex(fields, options)].Length == 0)
            return ("the line has an empty tag", $"Give every token a tag (O outside entities), {SkipAdvice}.");
        return null;
    }

    private static string Columns(int count) => string.Create(CultureInfo.InvariantCulture, $"{count} column{(count == 1 ? "" : "s")}");

    /// <summary>Collects sentences, their columns and documents as the lines arrive.</summary>
    private sealed class CorpusBuilder
    {
        private readonly List<string> tokens = [];
        private readonly List<string> tags = [];
        private readonly List<string[]> columns = [];
        private SourceLocation sentenceStart;
        private int document;
        private bool documentHasSentences;

        public List<TaggedSentence> Sentences { get; } = [];
        public List<IReadOnlyList<string[]>> Columns { get; } = [];
        public List<SkippedRow> Skipped { get; } = [];
        public string[]? DocumentMarker { get; private set; }

        /// <summary>The column count of the current sentence's first line; null between sentences.</summary>
        public int? SentenceColumns => columns.Count == 0 ? null : columns[0].Length;

        public void AddToken(string[] fields, int tagIndex, SourceLocation where)
        {
            if (columns.Count == 0) sentenceStart = where;
            tokens.Add(fields[0]);
            tags.Add(fields[tagIndex]);
            columns.Add(fields);
        }

        public void Skip(SourceLocation where, string reason) => Skipped.Add(new SkippedRow(where, reason));

        public void StartDocument(string[] fields)
        {
            EndSentence();
            DocumentMarker ??= fields;
            if (documentHasSentences) document++;
            documentHasSentences = false;
        }

        public void EndSentence()
        {
            if (columns.Count == 0) return;
            Sentences.Add(new TaggedSentence(tokens.ToArray(), tags.ToArray(), document, sentenceStart));
            Columns.Add(columns.ToArray());
            documentHasSentences = true;
            tokens.Clear();
            tags.Clear();
            columns.Clear();
        }
    }
}
