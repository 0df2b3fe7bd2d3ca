using System.Text;
using Recurrent.Serialization;

namespace Recurrent.Tasks.Tagging;

/// <summary>
/// Writes a tagged corpus back as column lines, one token per line and a blank line after each sentence, with its
/// original columns and optionally one more column (a predicted tag), so that conlleval reads gold and predicted tags
/// as its last two columns. A corpus read with <c>-DOCSTART-</c> lines gets one before each document's first sentence.
/// </summary>
public static class ConllWriter
{
    /// <summary>Writes <paramref name="corpus"/> to <paramref name="writer"/>.</summary>
    /// <param name="writer">Where the lines go ('\n' line ends).</param>
    /// <param name="corpus">The sentences and their original columns.</param>
    /// <param name="appended">Null, or one tag per token of every sentence, written as a last column.</param>
    /// <param name="separator">Between columns: ' ' for CoNLL files, '\t' for WNUT ones.</param>
    /// <exception cref="ArgumentException"><paramref name="appended"/> does not have one tag per token.</exception>
    public static void Write(TextWriter writer, TaggedCorpus corpus, IReadOnlyList<IReadOnlyList<string>>? appended = null, char separator = ' ')
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(corpus);
        RequireOneTagPerToken(corpus, appended);
        int document = -1;
        for (int s = 0; s < corpus.Sentences.Count; s++)
        {
            var sentence = corpus.Sentences[s];
            if (corpus.DocumentMarker is { } marker && sentence.Document != document)
            {
                // The marker line gets O in the appended column too, so every line has the same number of columns.
                WriteLine(writer, marker, appended is null ? null : TagSchemes.Outside, separator);
                writer.Write('\n');
            }
            document = sentence.Document;
            for (int i = 0; i < sentence.Length; i++) WriteLine(writer, corpus.Columns[s][i], appended?[s][i], separator);
            writer.Write('\n');
        }
    }

    /// <summary>Writes <paramref name="corpus"/> to the file at <paramref name="path"/> as UTF-8, atomically (temporary file, then rename).</summary>
    public static void Write(string path, TaggedCorpus corpus, IReadOnlyList<IReadOnlyList<string>>? appended = null, char separator = ' ')
    {
        ArgumentNullException.ThrowIfNull(corpus);
        RequireOneTagPerToken(corpus, appended);
        AtomicFile.Write(path, stream =>
        {
            using var writer = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 1 << 16, leaveOpen: true);
            Write(writer, corpus, appended, separator);
        });
    }

    private static void WriteLine(TextWriter writer, string[] columns, string? appended, char separator)
    {
        writer.Write(string.Join(separator, columns));
        if (appended is not null)
        {
            writer.Write(separator);
            writer.Write(appended);
        }
        writer.Write('\n');
    }

    private static void RequireOneTagPerToken(TaggedCorpus corpus, IReadOnlyList<IReadOnlyList<string>>? appended)
    {
        if (appended is null) return;
        if (appended.Count != corpus.Sentences.Count)
            throw new ArgumentException($"The appended column has {appended.Count} sentences, the corpus {corpus.Sentences.Count}.", nameof(appended));
        for (int s = 0; s < appended.Count; s++)
            if (appended[s].Count != corpus.Sentences[s].Length)
                throw new ArgumentException($"Sentence {s} has {corpus.Sentences[s].Length} tokens but {appended[s].Count} appended tags.",
                    nameof(appended));
    }
}
