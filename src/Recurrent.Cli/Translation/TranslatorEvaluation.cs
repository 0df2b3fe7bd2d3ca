using Recurrent.Tasks.Translation;

namespace Recurrent.Cli.Translation;

/// <summary>
/// <c>rnn evaluate DIR --data pairs.tsv [--beam 5] [--json]</c> for a translator: corpus BLEU, chrF and exact match of its
/// translations of the distinct sources (all translations of a source are its references), and the teacher-forced loss,
/// perplexity and token accuracy. The shared <c>evaluate</c> command calls <see cref="Run"/> for task "translation".
/// </summary>
internal static class TranslatorEvaluation
{
    /// <summary>Scores the translator in <paramref name="directory"/> on the pairs of <paramref name="dataPaths"/>, joined.</summary>
    public static int Run(string directory, IReadOnlyList<string> dataPaths, bool skipBadRows, int beam, bool json)
    {
        var translator = TranslateCommand.Load(directory, "rnn evaluate");
        var pairs = new List<ParallelTextPair>();
        foreach (string path in dataPaths)
        {
            var read = ParallelTextReader.Read(path, new ParallelTextOptions { SkipBadRows = skipBadRows });
            foreach (string warning in read.Warnings) Console.Error.WriteLine("warning: " + warning);
            // A source without a token (only characters the tokenizer drops) cannot be translated, as in training.
            pairs.AddRange(read.Pairs.Where(pair => translator.Tokenizer.Tokenize(pair.Source).Count > 0));
        }
        if (pairs.Count == 0)
            throw new UsageException($"--data: {string.Join(", ", dataPaths)} has no sentence pair whose source has a word to translate.");
        var evaluation = translator.Evaluate(pairs, new TranslationSearchOptions { BeamWidth = beam });
        if (json)
        {
            var document = TranslationFigures.ToJson(evaluation);
            document["pairs"] = pairs.Count;
            document["beam"] = beam;
            JsonOutput.Write(document);
        }
        else
        {
            Console.Out.WriteLine($"{directory} on {string.Join(", ", dataPaths)}: {pairs.Count:N0} pairs, {evaluation.Scores?.Sentences ?? 0:N0} " +
                                  $"distinct sources, beam {beam}:");
            Console.Out.WriteLine("  " + TranslationFigures.Describe(evaluation));
        }
        return 0;
    }
}
