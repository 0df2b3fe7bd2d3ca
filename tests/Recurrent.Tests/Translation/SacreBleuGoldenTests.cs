using Recurrent.Tasks.Translation;

namespace Recurrent.Tests.Translation;

public class SacreBleuGoldenTests
{
    private const double RelativeTolerance = 1e-6;

    [Theory]
    [MemberData(nameof(SacreBleuGoldens.CorpusIndices), MemberType = typeof(SacreBleuGoldens))]
    public void Corpus_bleu_matches_sacrebleu(int index)
    {
        var golden = SacreBleuGoldens.Corpora[index];
        var bleu = CorpusBleu.Compute(golden.Hypotheses, golden.References, golden.Lowercase);
        Assert.Equal(golden.Bleu.Counts, bleu.Matches);
        Assert.Equal(golden.Bleu.Totals, bleu.Totals);
        Assert.Equal(golden.Bleu.HypothesisLength, bleu.HypothesisLength);
        Assert.Equal(golden.Bleu.ReferenceLength, bleu.ReferenceLength);
        AssertClose(golden.Bleu.Score, bleu.Score, golden.Name);
        AssertClose(golden.Bleu.BrevityPenalty, bleu.BrevityPenalty, golden.Name);
        AssertClose(golden.Bleu.Ratio, bleu.Ratio, golden.Name);
        for (int n = 0; n < CorpusBleu.MaxOrder; n++) AssertClose(golden.Bleu.Precisions[n], bleu.Precisions[n], golden.Name);
    }

    [Theory]
    [MemberData(nameof(SacreBleuGoldens.CorpusIndices), MemberType = typeof(SacreBleuGoldens))]
    public void Corpus_chrf_matches_sacrebleu(int index)
    {
        var golden = SacreBleuGoldens.Corpora[index];
        AssertClose(golden.ChrF, ChrF.Compute(golden.Hypotheses, golden.References, golden.Lowercase).Score, golden.Name);
    }

    [Fact]
    public void The_goldens_cover_lowercase_several_references_and_scores_across_the_range()
    {
        var corpora = SacreBleuGoldens.Corpora;
        Assert.True(corpora.Count >= 200);
        Assert.Contains(corpora, c => c.Lowercase);
        Assert.Contains(corpora, c => !c.Lowercase);
        Assert.Contains(corpora, c => c.References.Any(r => r.Length == 4));
        Assert.Contains(corpora, c => c.References.Select(r => r.Length).Distinct().Count() > 1);
        Assert.Contains(corpora, c => c.Bleu.Score == 0.0);
        Assert.Contains(corpora, c => c.Bleu.Score > 80.0);
        Assert.Contains(corpora, c => c.Bleu.BrevityPenalty < 1.0);
    }

    private static void AssertClose(double expected, double actual, string name) =>
        Assert.True(Math.Abs(actual - expected) <= RelativeTolerance * Math.Abs(expected),
            $"{name}: expected {expected:R}, got {actual:R}");
}
