using System.Text;
using System.Text.Json.Nodes;
using Recurrent.Data;
using Recurrent.Tasks.Tagging;

namespace Recurrent.Cli.Tagging;

/// <summary>
/// <c>rnn predict DIR "U.N. official Ekeus heads for Baghdad ." [--data FILE] [--json]</c> for a tagger: each sentence (its
/// tokens split at spaces) with its entities marked and listed, or for tags that mark no entities each token with its tag;
/// <c>--data FILE</c> prints a CoNLL or WNUT file back with the predicted tag appended to each token line, or tags a .txt
/// file's lines as sentences. The shared
/// <c>predict</c> command calls <see cref="Run"/> for task "tagging".
/// </summary>
internal static class TagCommand
{
    public static int Run(string directory, IReadOnlyList<string> texts, string? dataPath, bool json)
    {
        var tagger = TaggerEvaluation.Load(directory, "rnn predict");
        if (dataPath is not null && texts.Count > 0)
            throw new UsageException("--data FILE tags a whole file; give sentences after DIR or --data, not both.");
        if (dataPath is not null && Path.GetExtension(dataPath).Equals(".txt", StringComparison.OrdinalIgnoreCase))
            texts = TextFile.Lines(TextFile.ReadAll(dataPath)).Select(line => line.Text).Where(line => !string.IsNullOrWhiteSpace(line)).ToArray();
        else if (dataPath is not null)
        {
            var (lines, fileSentences) = ReadFile(dataPath, tagger.Read.Format);
            var fileTags = tagger.Tag(fileSentences.Select(sentence => (IReadOnlyList<string>)sentence.Tokens).ToArray());
            if (json)
                JsonOutput.Write(new JsonArray(fileSentences.Select((sentence, i) =>
                    (JsonNode)ToJson(tagger, string.Join(' ', sentence.Tokens), sentence.Tokens, fileTags[i])).ToArray()));
            else Console.Out.Write(Annotate(lines, fileSentences, fileTags));
            return 0;
        }
        var sentences = texts.Select(text => (IReadOnlyList<string>)text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).ToArray();
        for (int i = 0; i < sentences.Length; i++)
            if (sentences[i].Count == 0) throw new UsageException($"sentence {i + 1} is empty; give sentences with words to tag.");
        var tags = tagger.Tag(sentences);
        if (json) JsonOutput.Write(new JsonArray(sentences.Select((tokens, i) => (JsonNode)ToJson(tagger, texts[i], tokens, tags[i])).ToArray()));
        else
            for (int i = 0; i < sentences.Length; i++) Write(tagger, sentences[i], tags[i]);
        return 0;
    }

    /// <summary>The sentence with [entity]TYPE marks, then one line per entity; for POS tags, token/TAG pairs.</summary>
    private static void Write(Tagger tagger, IReadOnlyList<string> tokens, string[] tags)
    {
        var output = Console.Out;
        if (!tagger.Entities)
        {
            output.WriteLine(string.Join(' ', tokens.Select((token, t) => $"{token}/{tags[t]}")));
            return;
        }
        var entities = EntitySpans.From(tags);
        var starts = entities.ToDictionary(entity => entity.Start);
        var ends = entities.ToDictionary(entity => entity.End - 1);
        var marked = new StringBuilder();
        for (int t = 0; t < tokens.Count; t++)
        {
            if (t > 0) marked.Append(' ');
            if (starts.ContainsKey(t)) marked.Append('[');
            marked.Append(tokens[t]);
            if (ends.TryGetValue(t, out var entity)) marked.Append(']').Append(entity.Type);
        }
        output.WriteLine(marked.ToString());
        foreach (var entity in entities)
        {
            string span = entity.End - entity.Start == 1 ? $"token {entity.Start}" : $"tokens {entity.Start}-{entity.End - 1}";
            output.WriteLine($"  {entity.Type,-6} {string.Join(' ', tokens.Skip(entity.Start).Take(entity.End - entity.Start))}  ({span})");
        }
    }

    private static JsonObject ToJson(Tagger tagger, string text, IReadOnlyList<string> tokens, string[] tags)
    {
        var document = new JsonObject
        {
            ["text"] = text,
            ["tokens"] = new JsonArray(tokens.Select(token => (JsonNode)JsonValue.Create(token)!).ToArray()),
            ["tags"] = new JsonArray(tags.Select(tag => (JsonNode)JsonValue.Create(tag)!).ToArray()),
        };
        if (tagger.Entities)
            document["entities"] = new JsonArray(EntitySpans.From(tags).Select(entity => (JsonNode)new JsonObject
            {
                ["type"] = entity.Type,
                ["text"] = string.Join(' ', tokens.Skip(entity.Start).Take(entity.End - entity.Start)),
                ["start"] = entity.Start,
                ["end"] = entity.End,
            }).ToArray());
        return document;
    }

    /// <summary>The lines of a CoNLL or WNUT file and its sentences: the first line of each and the first column of its token lines.</summary>
    private static (List<string> Lines, List<(int First, string[] Tokens)> Sentences) ReadFile(string path, TaggedCorpusFormat format)
    {
        var lines = TextFile.Lines(TextFile.ReadAll(path)).Select(line => line.Text).ToList();
        if (lines.Count > 0 && lines[^1].Length == 0) lines.RemoveAt(lines.Count - 1);
        var sentences = new List<(int First, string[] Tokens)>();
        var current = new List<string>();
        for (int i = 0; i <= lines.Count; i++)
        {
            bool boundary = i == lines.Count || string.IsNullOrWhiteSpace(lines[i])
                            || lines[i].StartsWith(TaggedCorpusReader.DocumentStart, StringComparison.Ordinal);
            if (!boundary) current.Add(FirstColumn(lines[i], format));
            else if (current.Count > 0)
            {
                sentences.Add((i - current.Count, current.ToArray()));
                current.Clear();
            }
        }
        if (sentences.Count == 0) throw new UsageException($"--data: '{path}' has no token lines to tag.");
        return (lines, sentences);
    }

    /// <summary>
    /// The file's lines with the predicted tag appended to every token line (after a tab when the line has tabs, else a
    /// space), and O to every -DOCSTART- line; blank lines as they were.
    /// </summary>
    private static string Annotate(List<string> lines, List<(int First, string[] Tokens)> sentences, IReadOnlyList<string[]> tags)
    {
        var tagOfLine = new Dictionary<int, string>();
        for (int i = 0; i < sentences.Count; i++)
            for (int t = 0; t < sentences[i].Tokens.Length; t++) tagOfLine[sentences[i].First + t] = tags[i][t];
        var output = new StringBuilder();
        for (int i = 0; i < lines.Count; i++)
        {
            output.Append(lines[i]);
            // A -DOCSTART- line gets O, as in CoNLL-2003's files: conlleval wants the same columns on every line.
            string? appended = tagOfLine.GetValueOrDefault(i) ?? (lines[i].StartsWith(TaggedCorpusReader.DocumentStart, StringComparison.Ordinal) ? "O" : null);
            if (appended is not null) output.Append(lines[i].Contains('\t') ? '\t' : ' ').Append(appended);
            output.Append('\n');
        }
        return output.ToString();
    }

    private static string FirstColumn(string line, TaggedCorpusFormat format)
    {
        var columns = format == TaggedCorpusFormat.Wnut ? line.Split('\t') : line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        return columns[0].Trim();
    }
}
