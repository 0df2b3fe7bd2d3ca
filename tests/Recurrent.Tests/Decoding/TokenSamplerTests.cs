using Recurrent.Decoding;

namespace Recurrent.Tests.Decoding;

public class TokenSamplerTests
{
    private static readonly float[] Logits = [0.5f, 2.0f, -1.0f, 1.5f, 0.0f, 1.9f, -3.0f, 1.0f];

    private static int[] Draws(SamplingOptions options, int count, ulong seed = 7)
    {
        var sampler = new TokenSampler(Logits.Length, options, new Rng(seed));
        return Enumerable.Range(0, count).Select(_ => sampler.Next(Logits)).ToArray();
    }

    [Fact]
    public void Greedy_takes_the_arg_max()
    {
        Assert.All(Draws(new SamplingOptions { Greedy = true }, 20), token => Assert.Equal(1, token));
    }

    [Fact]
    public void Temperature_zero_is_greedy_and_a_tiny_temperature_almost_is()
    {
        Assert.All(Draws(new SamplingOptions { Temperature = 0f }, 20), token => Assert.Equal(1, token));
        // exp((2.0 − 1.9) / 0.01) = e^10: the runner-up is drawn about once in 22,000 times.
        Assert.True(Draws(new SamplingOptions { Temperature = 0.01f }, 1000).Count(t => t == 1) >= 995);
    }

    [Fact]
    public void Sampling_follows_the_softmax_of_the_scores()
    {
        var draws = Draws(new SamplingOptions(), 20000);
        double total = Logits.Sum(l => Math.Exp(l));
        for (int v = 0; v < Logits.Length; v++)
        {
            double expected = Math.Exp(Logits[v]) / total, observed = draws.Count(t => t == v) / 20000.0;
            Assert.True(Math.Abs(observed - expected) < 0.015, $"token {v}: observed {observed:F3}, expected {expected:F3}");
        }
    }

    [Fact]
    public void Top_k_never_samples_outside_the_k_most_likely()
    {
        var draws = Draws(new SamplingOptions { TopK = 3, Temperature = 2f }, 3000);
        Assert.Equal(new[] { 1, 3, 5 }, draws.Distinct().Order().ToArray());
    }

    [Fact]
    public void Top_p_never_samples_outside_the_nucleus()
    {
        // Probabilities ≈ 0.30 (1), 0.27 (5), 0.18 (3), 0.11 (7), …: the smallest set reaching 0.6 is {1, 5, 3}.
        var draws = Draws(new SamplingOptions { TopP = 0.6f }, 3000);
        Assert.Equal(new[] { 1, 3, 5 }, draws.Distinct().Order().ToArray());
        Assert.All(Draws(new SamplingOptions { TopP = 0.01f }, 100), token => Assert.Equal(1, token));
    }

    [Fact]
    public void Suppressed_tokens_are_never_produced()
    {
        Assert.DoesNotContain(1, Draws(new SamplingOptions { SuppressedTokens = [1] }, 2000));
        Assert.All(Draws(new SamplingOptions { Greedy = true, SuppressedTokens = [1] }, 5), token => Assert.Equal(5, token));
    }

    [Fact]
    public void The_same_seed_gives_the_same_draws()
    {
        var options = new SamplingOptions { TopK = 5, TopP = 0.9f, Temperature = 1.3f };
        Assert.Equal(Draws(options, 200, seed: 3), Draws(options, 200, seed: 3));
        Assert.NotEqual(Draws(options, 200, seed: 3), Draws(options, 200, seed: 4));
    }

    [Fact]
    public void Bad_options_name_the_option()
    {
        Assert.Contains("TopP", Assert.Throws<ArgumentException>(() => new SamplingOptions { TopP = 1.5f }.Validate()).Message);
        Assert.Contains("Temperature", Assert.Throws<ArgumentException>(() => new SamplingOptions { Temperature = -1f }.Validate()).Message);
        Assert.Contains("TopK", Assert.Throws<ArgumentException>(() => new SamplingOptions { TopK = 0 }.Validate()).Message);
    }
}
