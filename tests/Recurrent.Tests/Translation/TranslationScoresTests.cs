using System.Diagnostics;
using Recurrent.Tasks.Translation;

namespace Recurrent.Tests.Translation;

public class TranslationScoresTests
{
    [Fact]
    public void Exact_match_compares_detokenised_text_up_to_white_space()
    {
        string[] hypotheses = ["Hallo  Welt.", "Hallo Welt", "ich bin müde.", "Ich bin müde."];
        string[][] references = [["Hallo Welt."], ["Hallo Welt."], ["Ich bin müde."], ["Ich war müde.", " Ich bin müde. "]];
        Assert.Equal(0.5, TranslationScores.ExactMatchRate(hypotheses, references), 12);
        Assert.Equal(0.75, TranslationScores.ExactMatchRate(hypotheses, references, lowercase: true), 12);
    }

    [Fact]
    public void The_bundle_holds_bleu_chrf_exact_match_and_the_sentence_count()
    {
        string[] hypotheses = ["Ich bin müde.", "Er hat großen Hunger."];
        string[][] references = [["Ich bin müde.", "Ich bin erschöpft."], ["Er hat Hunger."]];
        var scores = TranslationScores.Compute(hypotheses, references);
        Assert.Equal(CorpusBleu.Compute(hypotheses, references).Score, scores.Bleu.Score);
        Assert.Equal(ChrF.Compute(hypotheses, references).Score, scores.ChrF.Score);
        Assert.Equal(0.5, scores.ExactMatch);
        Assert.Equal(2, scores.Sentences);
        var metrics = scores.ToMetrics();
        Assert.Equal(new[] { "bleu", "chrf", "exact_match", "sentences" }, metrics.Keys);
        Assert.Equal(scores.Bleu.Score, metrics["bleu"]);
        Assert.Equal(2.0, metrics["sentences"]);
    }

    [Fact]
    public void Two_thousand_sentences_with_three_references_score_in_under_a_second()
    {
        var rng = new Random(14);
        string[] words = ["Ich", "bin", "müde", "Straße", "Grüße", "aus", "Köln", "groß", "Hunger", "hat", "er", "sie", ",", ".", "!", "3.5"];
        string Sentence() => string.Join(' ', Enumerable.Range(0, rng.Next(3, 16)).Select(_ => words[rng.Next(words.Length)]));
        string[] hypotheses = [.. Enumerable.Range(0, 2000).Select(_ => Sentence())];
        string[][] references = [.. hypotheses.Select(_ => new[] { Sentence(), Sentence(), Sentence() })];
        TranslationScores.Compute(hypotheses, references);

        // Best of three, so that another process on the machine does not decide the test.
        var best = TimeSpan.MaxValue;
        for (int run = 0; run < 3; run++)
        {
            var watch = Stopwatch.StartNew();
            TranslationScores.Compute(hypotheses, references, lowercase: true);
            if (watch.Elapsed < best) best = watch.Elapsed;
        }
        Assert.True(best < TimeSpan.FromSeconds(1), $"2,000 sentences took {best.TotalMilliseconds:F0} ms");
    }
}
