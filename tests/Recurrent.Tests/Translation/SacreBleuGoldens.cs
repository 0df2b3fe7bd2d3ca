using System.Text.Json;

namespace Recurrent.Tests.Translation;

/// <summary>
/// sacreBLEU's own results, loaded from <c>Translation/Goldens/sacrebleu_goldens.json</c> (written by
/// <c>make_bleu_goldens.py</c> beside it): 13a tokenisations, and corpus BLEU and chrF of generated corpora.
/// </summary>
internal static class SacreBleuGoldens
{
    public sealed record TokenizationCase(string Text, bool Lowercase, string Tokenized);

    public sealed record BleuExpected(
        double Score, double[] Precisions, double BrevityPenalty, double Ratio, int HypothesisLength, int ReferenceLength, int[] Counts, int[] Totals);

    public sealed record CorpusCase(
        string Name, bool Lowercase, string[] Hypotheses, string[][] References, BleuExpected Bleu, double ChrF)
    {
        public override string ToString() => Name;
    }

    private static readonly Lazy<(IReadOnlyList<TokenizationCase>, IReadOnlyList<CorpusCase>)> Loaded = new(Load);

    public static IReadOnlyList<TokenizationCase> Tokenization => Loaded.Value.Item1;

    public static IReadOnlyList<CorpusCase> Corpora => Loaded.Value.Item2;

    /// <summary>Corpus indices as xunit <c>[MemberData]</c> rows.</summary>
    public static IEnumerable<object[]> CorpusIndices() => Enumerable.Range(0, Corpora.Count).Select(i => new object[] { i });

    private static (IReadOnlyList<TokenizationCase>, IReadOnlyList<CorpusCase>) Load()
    {
        string path = Path.Combine(AppContext.BaseDirectory, "Translation", "Goldens", "sacrebleu_goldens.json");
        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        var root = document.RootElement;
        var tokenization = root.GetProperty("tokenization").EnumerateArray()
            .Select(c => new TokenizationCase(
                c.GetProperty("text").GetString()!, c.GetProperty("lowercase").GetBoolean(), c.GetProperty("tokenized").GetString()!))
            .ToList();
        var corpora = root.GetProperty("corpora").EnumerateArray().Select(c =>
        {
            var bleu = c.GetProperty("bleu");
            return new CorpusCase(
                c.GetProperty("name").GetString()!,
                c.GetProperty("lowercase").GetBoolean(),
                Strings(c.GetProperty("hypotheses")),
                [.. c.GetProperty("references").EnumerateArray().Select(Strings)],
                new BleuExpected(
                    bleu.GetProperty("score").GetDouble(),
                    [.. bleu.GetProperty("precisions").EnumerateArray().Select(p => p.GetDouble())],
                    bleu.GetProperty("bp").GetDouble(),
                    bleu.GetProperty("ratio").GetDouble(),
                    bleu.GetProperty("hyp_len").GetInt32(),
                    bleu.GetProperty("ref_len").GetInt32(),
                    [.. bleu.GetProperty("counts").EnumerateArray().Select(n => n.GetInt32())],
                    [.. bleu.GetProperty("totals").EnumerateArray().Select(n => n.GetInt32())]),
                c.GetProperty("chrf").GetDouble());
        }).ToList();
        return (tokenization, corpora);
    }

    private static string[] Strings(JsonElement array) => [.. array.EnumerateArray().Select(s => s.GetString()!)];
}
