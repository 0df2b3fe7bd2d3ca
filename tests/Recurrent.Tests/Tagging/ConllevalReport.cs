using System.Globalization;
using System.Text;
using Recurrent.Tasks.Tagging;

namespace Recurrent.Tests.Tagging;

/// <summary>
/// The text conlleval prints for scores (its default, non-LaTeX output), so tests can compare against conlleval's own
/// output saved beside an example; and the reading of its input, token lines of "token gold predicted".
/// </summary>
internal static class ConllevalReport
{
    public static string Format(TaggingScores scores)
    {
        var text = new StringBuilder();
        text.Append(Invariant($"processed {scores.Tokens} tokens with {scores.GoldEntities} phrases; "));
        text.Append(Invariant($"found: {scores.PredictedEntities} phrases; correct: {scores.CorrectEntities}.\n"));
        text.Append(Invariant($"accuracy: {Percent(scores.TokenAccuracy)}%; precision: {Percent(scores.Precision)}%; "));
        text.Append(Invariant($"recall: {Percent(scores.Recall)}%; FB1: {Percent(scores.F1)}\n"));
        foreach (var (type, s) in scores.PerType)
            text.Append(Invariant($"{type,17}: precision: {Percent(s.Precision)}%; recall: {Percent(s.Recall)}%; FB1: {Percent(s.F1)}  {s.Predicted}\n"));
        return text.ToString();
    }

    /// <summary>Gold and predicted tag sequences of a conlleval input file (the last two columns), one per sentence.</summary>
    public static (List<IReadOnlyList<string>> Gold, List<IReadOnlyList<string>> Predicted) ReadInput(string path)
    {
        var corpus = TaggedCorpusReader.Read(path);
        var gold = corpus.Columns.Select(s => (IReadOnlyList<string>)s.Select(c => c[^2]).ToArray()).ToList();
        var predicted = corpus.Columns.Select(s => (IReadOnlyList<string>)s.Select(c => c[^1]).ToArray()).ToList();
        return (gold, predicted);
    }

    private static string Percent(double fraction) => (100 * fraction).ToString("0.00", CultureInfo.InvariantCulture).PadLeft(6);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
