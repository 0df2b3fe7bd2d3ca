using System.Text.Json.Nodes;
using Recurrent.Cli.Tagging;
using Recurrent.Cli.Translation;
using Recurrent.Interpretation;
using Recurrent.Serialization;
using Recurrent.Tasks.Translation;

namespace Recurrent.Cli.Interpretation;

/// <summary>
/// <c>rnn explain</c> of a tagger (a model directory of <c>rnn train tag</c>) or a translator (<c>rnn train translate</c>):
/// integrated gradients of every output of each text, attributed to its input tokens at the word or source embedding.
/// A tagger's rows are the tag at each word (the predicted one, or the --target tag at every word); a translator's are the
/// tokens of the translation <c>rnn translate</c> prints (beam 5), then &lt;eos&gt;, each explained teacher-forced.
/// </summary>
internal static class SequenceExplainer
{
    /// <summary>
    /// Explains each text (its words split at spaces, as <c>rnn predict</c> tags them) with the tagger in
    /// <paramref name="directory"/>; a --target that is not one of its tags is a usage error listing them.
    /// </summary>
    public static int RunTagger(string directory, IReadOnlyList<string> texts, IntegratedGradientsOptions options, bool json, string? page)
    {
        var tagger = TaggerEvaluation.Load(directory, "rnn explain");
        if (options.Target is { } tag && !tagger.Vocabulary.Tags.Contains(tag))
            throw new UsageException($"--target: '{tag}' is not a tag of {directory}; its tags are {string.Join(", ", tagger.Vocabulary.Tags)}.");
        var sentences = texts.Select(text => text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).ToArray();
        for (int i = 0; i < sentences.Length; i++)
            if (sentences[i].Length == 0) throw new UsageException($"text {i + 1} is empty; give sentences with words to explain.");
        var integratedGradients = new TaggingIntegratedGradients(tagger, options);
        var explanations = sentences.Select(words => integratedGradients.Explain(words)).ToList();
        string caption = options.Target is { } target
            ? $"explaining the probability of tag {target} at each word, by the words' attributions"
            : "explaining the predicted tag at each word, by the words' attributions";
        string Title(string text) => options.Target is { } target ? $"Tag {target} at each word of \"{text}\"" : $"Tags of \"{text}\"";
        return Show(directory, texts, explanations, caption, "word: tag", Title, json, page);
    }

    /// <summary>
    /// Explains the translation of each text with the translator in <paramref name="directory"/>; --target is a usage error,
    /// since a translator has no labels to choose from.
    /// </summary>
    public static int RunTranslator(string directory, IReadOnlyList<string> texts, IntegratedGradientsOptions options, bool json, string? page)
    {
        if (options.Target is { } label)
            throw new UsageException($"--target: a translator has no labels ('{label}' given); rnn explain explains every token of the " +
                "translation of the text, so leave --target out.");
        var translator = TranslateCommand.Load(directory, "rnn explain");
        for (int i = 0; i < texts.Count; i++)
            if (translator.Tokenizer.Tokenize(texts[i]).Count == 0)
                throw new UsageException($"text {i + 1} has no token to translate; give sentences with words to explain.");
        var search = new TranslationSearchOptions(); // rnn translate's beam search
        var integratedGradients = new TranslationIntegratedGradients(translator, options, search);
        var explanations = texts.Select(text => integratedGradients.Explain(text)).ToList();
        return Show(directory, texts, explanations,
            $"explaining each token of the translation (beam {search.BeamWidth}) and <eos>, by the source tokens' attributions",
            "translation", text => $"Translation of \"{text}\"", json, page);
    }

    /// <summary>
    /// The explanations as tables, or JSON (one object for one text, an array in input order for several), and as a page of
    /// <see cref="SequenceExplanationHtml"/> at <paramref name="page"/> when given (written whole or not at all).
    /// </summary>
    private static int Show(string directory, IReadOnlyList<string> texts, IReadOnlyList<SequenceExplanation> explanations, string caption,
        string rowHeader, Func<string, string> title, bool json, string? page)
    {
        if (json)
            JsonOutput.Write(explanations.Count == 1
                ? SequenceExplanationJson.Of(explanations[0])
                : new JsonArray(explanations.Select(explanation => (JsonNode?)SequenceExplanationJson.Of(explanation)).ToArray()));
        else
            Console.Out.Write(string.Join("\n", texts.Select((text, i) =>
                SequenceExplanationText.Render(text, caption, rowHeader, explanations[i], ConsoleOutput.ShowsColor))));
        if (page is not null)
        {
            AtomicFile.WriteAllText(page, SequenceExplanationHtml.Page(explanations, texts.Select(title).ToArray(),
                $"Integrated gradients of {Path.GetFileName(Path.GetFullPath(directory))}"));
            if (!json) Console.Out.WriteLine($"explanation page: {page}");
        }
        return 0;
    }
}
