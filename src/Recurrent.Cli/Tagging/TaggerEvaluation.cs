using System.Text.Json.Nodes;
using Recurrent.Serialization;
using Recurrent.Tasks.Tagging;

namespace Recurrent.Cli.Tagging;

/// <summary>
/// <c>rnn evaluate DIR --data eng.testa [--json]</c> for a tagger: entity precision, recall and F1 as conlleval counts them,
/// overall and per type, the token accuracy and the loss. The data are read as the training data were (format and tag
/// column from config.json), their tags in any scheme. The shared <c>evaluate</c> command calls <see cref="Run"/> for task "tagging".
/// </summary>
internal static class TaggerEvaluation
{
    /// <summary>Scores the tagger in <paramref name="directory"/> on the sentences of <paramref name="dataPaths"/>, joined.</summary>
    public static int Run(string directory, IReadOnlyList<string> dataPaths, bool skipBadRows, bool json)
    {
        var tagger = Load(directory, "rnn evaluate");
        var sentences = new List<TaggedSentence>();
        foreach (string path in dataPaths) sentences.AddRange(TaggedCorpusReader.Read(path, tagger.Read with { SkipBadRows = skipBadRows }).Sentences);
        if (sentences.Count == 0) throw new UsageException($"--data: {string.Join(", ", dataPaths)} has no tagged sentence.");
        var unknown = tagger.InModelScheme(sentences).SelectMany(s => s.Tags).Where(tag => !tagger.Vocabulary.HasTag(tag)).Distinct().ToArray();
        if (unknown.Length > 0)
            throw new UsageException($"--data: tags {string.Join(", ", unknown.Take(5).Select(tag => $"'{tag}'"))} are not among the model's " +
                $"{tagger.Vocabulary.Tags.Count} tags ({string.Join(", ", tagger.Vocabulary.Tags.Take(12))}); score the model on data tagged with its " +
                "tags (and the tag column it was trained on).");
        var evaluation = tagger.Evaluate(sentences);
        if (json) JsonOutput.Write(ToJson(evaluation, sentences.Count));
        else
        {
            Console.Out.WriteLine($"{directory} on {string.Join(", ", dataPaths)}: {sentences.Count:N0} sentences, " +
                                  $"{evaluation.Scores.Tokens:N0} tokens:");
            Console.Out.WriteLine("  " + TaggingFigures.Describe(evaluation));
            if (evaluation.Entities) TaggingFigures.WritePerType(Console.Out, evaluation.Scores);
        }
        return 0;
    }

    /// <summary>Opens the tagger in <paramref name="directory"/>; a directory that holds no tagger is a usage error of <paramref name="command"/>.</summary>
    public static Tagger Load(string directory, string command)
    {
        try
        {
            return Tagger.Load(directory);
        }
        catch (ModelFormatException e) when (e.Message.Contains("not a tagger", StringComparison.Ordinal))
        {
            throw new UsageException($"{command} DIR: {e.Message}; give a directory written by rnn train tag.");
        }
    }

    /// <summary>{ precision, recall, f1, per_type: { type: { precision, recall, f1, support } }, token_accuracy, loss, sentences, tokens }.</summary>
    public static JsonObject ToJson(TaggingEvaluation evaluation, int sentences)
    {
        var scores = evaluation.Scores;
        var perType = new JsonObject();
        foreach (var (type, score) in scores.PerType.OrderBy(p => p.Key, StringComparer.Ordinal))
            perType[type] = new JsonObject
            {
                ["precision"] = score.Precision, ["recall"] = score.Recall, ["f1"] = score.F1, ["support"] = score.Support,
            };
        var document = new JsonObject();
        if (evaluation.Entities)
        {
            document["precision"] = scores.Precision;
            document["recall"] = scores.Recall;
            document["f1"] = scores.F1;
            document["per_type"] = perType;
        }
        document["token_accuracy"] = scores.TokenAccuracy;
        document["loss"] = JsonOutput.Number(evaluation.Loss);
        document["sentences"] = sentences;
        document["tokens"] = scores.Tokens;
        return document;
    }
}
