namespace Recurrent.Layers;

/// <summary>Configuration of a <see cref="Crf"/> layer.</summary>
public sealed record CrfOptions
{
    /// <summary>Number of tags K: the emissions' last extent and the side of the transition matrix.</summary>
    public int Tags { get; init; }

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first option with a bad value.</summary>
    public void Validate()
    {
        if (Tags < 1)
            throw new ArgumentException($"CrfOptions.Tags must be at least 1, got {Tags}: a CRF chooses one of its tags for every token.",
                nameof(Tags));
    }
}
