using Recurrent.Decoding;

namespace Recurrent.Tests.Decoding;

public class BeamSearchTests
{
    [Fact]
    public void Width_one_is_greedy_decoding()
    {
        for (ulong seed = 0; seed < 5; seed++)
        {
            var model = BigramModel.Random(12, seed);
            var greedy = TokenGenerator.Generate(model, [0], new SamplingOptions { Greedy = true, MaxTokens = 20 }).ToArray();
            var beam = BeamSearch.Search(model, [0], new BeamSearchOptions { BeamWidth = 1, MaxTokens = 20 });
            Assert.Equal(greedy, beam[0].Tokens);
        }
    }

    /// <summary>
    /// From the start (token 0): A (1) with 0.6, B (2) with 0.4. After A every token is equally likely (1/4 each);
    /// after B, token 3 has 0.9. Greedy takes A then anything: 0.6 · 0.25 = 0.15; the best pair is B, 3: 0.4 · 0.9 = 0.36.
    /// </summary>
    private static BigramModel GreedyTrap() => BigramModel.FromProbabilities(new float[,]
    {
        { 0.0001f, 0.6f, 0.3998f, 0.0001f },
        { 0.25f, 0.25f, 0.25f, 0.25f },
        { 0.04f, 0.03f, 0.03f, 0.9f },
        { 0.25f, 0.25f, 0.25f, 0.25f },
    });

    [Fact]
    public void Beam_search_finds_the_most_likely_sequence_where_greedy_fails()
    {
        var greedy = TokenGenerator.Generate(GreedyTrap(), [0], new SamplingOptions { Greedy = true, MaxTokens = 2 }).ToArray();
        Assert.Equal(1, greedy[0]);

        var best = BeamSearch.Search(GreedyTrap(), [0], new BeamSearchOptions { BeamWidth = 2, MaxTokens = 2, LengthPenalty = 0 })[0];
        Assert.Equal(new[] { 2, 3 }, best.Tokens);
        Assert.Equal(Math.Log(0.3998 * 0.9), best.LogProbability, 4);
    }

    [Fact]
    public void Hypotheses_come_best_first_and_at_most_the_beam_width()
    {
        var results = BeamSearch.Search(BigramModel.Random(8, seed: 3), [0], new BeamSearchOptions { BeamWidth = 4, MaxTokens = 6 });
        Assert.Equal(4, results.Count);
        Assert.True(results.Zip(results.Skip(1)).All(p => p.First.Score >= p.Second.Score));
        Assert.All(results, h => Assert.Equal(6, h.Tokens.Count));
    }

    [Fact]
    public void Length_normalisation_ranks_finished_hypotheses_by_log_probability_per_token()
    {
        // Token 3 ends a text. From 0: "3" at once has 0.4; "1, 3" has 0.6 · 0.6 = 0.36 over two tokens.
        var model = BigramModel.FromProbabilities(new float[,]
        {
            { 0.0001f, 0.5998f, 0.0001f, 0.4f },
            { 0.2f, 0.0001f, 0.1999f, 0.6f },
            { 0.25f, 0.25f, 0.25f, 0.25f },
            { 0.25f, 0.25f, 0.25f, 0.25f },
        });
        bool Ends(IReadOnlyList<int> tokens) => tokens[^1] == 3;
        var raw = BeamSearch.Search(model, [0], new BeamSearchOptions { BeamWidth = 2, MaxTokens = 5, LengthPenalty = 0 }, Ends)[0];
        var normalised = BeamSearch.Search(model, [0], new BeamSearchOptions { BeamWidth = 2, MaxTokens = 5, LengthPenalty = 1 }, Ends)[0];
        Assert.Equal(new[] { 3 }, raw.Tokens);             // log 0.4 > log 0.36
        Assert.Equal(new[] { 1, 3 }, normalised.Tokens);   // but log(0.36) / 2 > log(0.4) / 1
        Assert.Equal(Math.Log(0.5998 * 0.6) / 2, normalised.Score, 4);
    }

    [Fact]
    public void Suppressed_tokens_never_appear()
    {
        var results = BeamSearch.Search(BigramModel.Random(6, seed: 9), [0], new BeamSearchOptions { BeamWidth = 3, MaxTokens = 10, SuppressedTokens = [0, 1] });
        Assert.All(results, h => Assert.DoesNotContain(h.Tokens, t => t is 0 or 1));
    }
}
