using Recurrent.Decoding;

namespace Recurrent.Tests.Decoding;

public class TokenGeneratorTests
{
    [Fact]
    public void Greedy_generation_follows_the_arg_max_chain()
    {
        // 0 → 2 → 1 → 0 → 2 …
        var model = new BigramModel(new float[,] { { 0, 1, 5 }, { 9, 0, 1 }, { 1, 3, 2 } });
        var tokens = TokenGenerator.Generate(model, [0], new SamplingOptions { Greedy = true, MaxTokens = 5 }).ToArray();
        Assert.Equal(new[] { 2, 1, 0, 2, 1 }, tokens);
    }

    [Fact]
    public void Generation_is_lazy_and_steps_once_per_token()
    {
        var model = BigramModel.Random(6, seed: 1);
        var first3 = TokenGenerator.Generate(model, [0, 1, 2], new SamplingOptions { MaxTokens = 100, Seed = 5 }).Take(3).ToArray();
        Assert.Equal(3, first3.Length);
        Assert.Equal(3 + 2, model.Steps); // the prime, then one step after each token but the last taken
    }

    [Fact]
    public void A_seed_makes_generation_repeatable()
    {
        var model = BigramModel.Random(10, seed: 2);
        var options = new SamplingOptions { MaxTokens = 50, Seed = 42, Temperature = 1.5f };
        Assert.Equal(TokenGenerator.Generate(model, [3], options).ToArray(), TokenGenerator.Generate(model, [3], options).ToArray());
    }
}
