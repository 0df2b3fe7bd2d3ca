namespace Recurrent.Tasks.Tagging;

/// <summary>How <see cref="TaggedCorpusReader"/> reads a tagged corpus.</summary>
public sealed record TaggedCorpusReadOptions
{
    public TaggedCorpusFormat Format { get; init; } = TaggedCorpusFormat.Conll;

    /// <summary>
    /// The 0-based column that holds the tags (3 for CoNLL-2003's NER tags, 1 for its POS tags); null takes the last column.
    /// Column 0 is the token.
    /// </summary>
    public int? TagColumn { get; init; }

    /// <summary>
    /// Skip malformed token lines (listed in <see cref="TaggedCorpus.Skipped"/>) instead of throwing a
    /// <see cref="Recurrent.Data.DataFormatException"/>.
    /// </summary>
    public bool SkipBadRows { get; init; }

    public void Validate()
    {
        if (!Enum.IsDefined(Format))
            throw new ArgumentException($"TaggedCorpusReadOptions.Format must be one of {string.Join(", ", Enum.GetNames<TaggedCorpusFormat>())}, " +
                $"got {Format}.");
        if (TagColumn is < 1)
            throw new ArgumentException($"TaggedCorpusReadOptions.TagColumn must be 1 or more (column 0 is the token), or null for the last " +
                $"column, got {TagColumn}.");
        if (Format == TaggedCorpusFormat.Wnut && TagColumn is > 1)
            throw new ArgumentException($"TaggedCorpusReadOptions.TagColumn must be 1 or null for the two-column Wnut format, got {TagColumn}.");
    }
}
