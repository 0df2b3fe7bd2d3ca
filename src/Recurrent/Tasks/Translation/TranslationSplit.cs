using Recurrent.Tensors;

namespace Recurrent.Tasks.Translation;

/// <summary>
/// Sentence pairs split into a training and a validation part by source sentence: a held-out sentence goes to validation
/// with all its translations, so that no validation sentence is seen in training (in the Tatoeba data one English
/// sentence often has several German translations, and a split by pair would put most of them in training).
/// </summary>
/// <param name="Train">The training pairs, in input order.</param>
/// <param name="Validation">The held-out pairs, in input order.</param>
public sealed record TranslationSplit(IReadOnlyList<ParallelTextPair> Train, IReadOnlyList<ParallelTextPair> Validation)
{
    /// <summary>
    /// Holds out round(D · <paramref name="validationFraction"/>) of the D distinct source sentences (at least one, and at
    /// least one left for training), chosen by a shuffle seeded with <paramref name="seed"/>, with every pair of each. Source
    /// sentences are compared exactly (ordinal), as read.
    /// </summary>
    /// <exception cref="ArgumentException">A fraction outside (0, 1), or fewer than 2 distinct source sentences.</exception>
    public static TranslationSplit HoldOutSources(IReadOnlyList<ParallelTextPair> pairs, double validationFraction, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        if (!(validationFraction > 0 && validationFraction < 1))
            throw new ArgumentException($"The validation fraction must be in (0, 1), got {validationFraction}.", nameof(validationFraction));
        string[] sources = pairs.Select(p => p.Source).Distinct(StringComparer.Ordinal).ToArray();
        if (sources.Length < 2)
            throw new ArgumentException($"The pairs have {sources.Length} distinct source sentence(s), so none can be held out with its " +
                "translations while another is left for training; give more pairs or a separate validation file.", nameof(pairs));

        int heldOutCount = Math.Clamp((int)Math.Round(sources.Length * validationFraction, MidpointRounding.AwayFromZero), 1, sources.Length - 1);
        new Rng(seed).Shuffle(sources.AsSpan());
        var heldOut = sources.Take(heldOutCount).ToHashSet(StringComparer.Ordinal);
        var train = new List<ParallelTextPair>();
        var validation = new List<ParallelTextPair>();
        foreach (var pair in pairs) (heldOut.Contains(pair.Source) ? validation : train).Add(pair);
        return new TranslationSplit(train, validation);
    }
}
