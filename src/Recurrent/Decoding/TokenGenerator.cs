using Recurrent.Tensors;

namespace Recurrent.Decoding;

/// <summary>
/// Autoregressive generation: feed the prime, then repeatedly pick a token (<see cref="TokenSampler"/>) and feed it back.
/// One sequence, state carried step by step, so each token costs one step of the model whatever the length so far.
/// </summary>
public static class TokenGenerator
{
    /// <summary>
    /// The generated token ids, produced lazily: each is yielded as soon as it is chosen, and the model steps again only when
    /// the caller asks for the next one, so stopping early (a stop string, enough text) costs nothing more.
    /// </summary>
    /// <param name="model">the model to run.</param>
    /// <param name="prime">the tokens the text starts with (at least one); the first generated token follows the last.</param>
    /// <param name="options">how tokens are picked and how many.</param>
    public static IEnumerable<int> Generate(INextTokenModel model, IReadOnlyList<int> prime, SamplingOptions options)
    {
        ArgumentNullException.ThrowIfNull(model);
        options.Validate();
        if (prime.Count == 0) throw new ArgumentException("Generation needs at least one prime token to start from.", nameof(prime));
        var sampler = new TokenSampler(model.VocabularySize, options, new Rng(options.Seed ?? (ulong)Random.Shared.NextInt64()));
        return Run(model, prime, options.MaxTokens, sampler);
    }

    private static IEnumerable<int> Run(INextTokenModel model, IReadOnlyList<int> prime, int maxTokens, TokenSampler sampler)
    {
        var state = model.Begin(1);
        var logits = new float[model.VocabularySize];
        var token = new int[1];
        foreach (int id in prime)
        {
            token[0] = id;
            state.Step(token, logits);
        }
        for (int n = 0; n < maxTokens; n++)
        {
            token[0] = sampler.Next(logits);
            yield return token[0];
            if (n + 1 < maxTokens) state.Step(token, logits);
        }
    }
}
