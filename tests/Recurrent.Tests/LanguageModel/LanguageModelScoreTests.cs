using Recurrent.Tasks.LanguageModel;
using Recurrent.Text;

namespace Recurrent.Tests.LanguageModel;

public class LanguageModelScoreTests
{
    [Fact]
    public void Bits_per_char_are_nats_over_ln_2_and_perplexity_is_e_to_the_loss()
    {
        var score = new LanguageModelScore(1.5, 1000, TokenLevel.Character);
        Assert.Equal(1.5 / Math.Log(2), score.BitsPerToken, 12);
        Assert.Equal(Math.Exp(1.5), score.Perplexity, 12);
        var metrics = score.ToMetrics();
        Assert.Equal(new[] { "loss", "bits_per_char", "perplexity" }, metrics.Keys);
        Assert.Equal(score.BitsPerToken, metrics["bits_per_char"]);
    }

    [Fact]
    public void A_word_model_reports_perplexity_but_not_bits_per_char()
    {
        var metrics = new LanguageModelScore(5.0, 100, TokenLevel.Word).ToMetrics();
        Assert.Equal(new[] { "loss", "perplexity" }, metrics.Keys);
        Assert.Equal(Math.Exp(5.0), metrics["perplexity"], 9);
    }

    [Fact]
    public void An_untrained_model_scores_about_log_V()
    {
        var model = LanguageModelFixture.Model(vocabulary: 11);
        var score = LanguageModelScore.Measure(model, LanguageModelFixture.RandomTokens(500, 11), streams: 4, windowLength: 10);
        Assert.Equal(4 * (499 / 4), score.Tokens);
        Assert.InRange(score.Loss, Math.Log(11) - 0.3, Math.Log(11) + 0.5);
        Assert.True(model.Training); // the mode is put back
    }
}
