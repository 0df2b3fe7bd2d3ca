namespace Recurrent.Tasks.Tagging;

/// <summary>
/// Reads the entities out of a sentence's tags exactly as conlleval (the CoNLL shared tasks' scorer, version 2004-01-26)
/// reads chunks: each tag splits at its first '-' into a prefix and a type (<c>B-PER</c> → B, PER; <c>O</c> → O, "");
/// whether a chunk starts or ends between two tokens depends only on the two prefixes and types (<see cref="StartsChunk"/>,
/// <see cref="EndsChunk"/>). So IOB1 and IOB2 read alike: <c>B-X</c> always starts an entity, <c>I-X</c> starts one after
/// <c>O</c>, at the sentence start or after another type, and continues one otherwise.
/// </summary>
/// <remarks>
/// conlleval knows the IOE prefix <c>E</c> but not BIOES's <c>S</c>: it would merge <c>S-PER S-PER</c> into one entity, and
/// <c>E-PER B-PER</c> too. Here <c>S-X</c> is an entity of one token, and <c>B-X</c> or <c>S-X</c> after <c>E-X</c> starts a
/// new one (the rules of the BIOES-aware conlleval variants), so BIOES tags give the same entities as the IOB2 tags they
/// convert from. Tags without E- or S- prefixes read exactly as in conlleval.
/// </remarks>
public static class EntitySpans
{
    /// <summary>The entities of one sentence, in order. Tags that are not entity tags (<c>NNP</c>) give none.</summary>
    public static IReadOnlyList<EntitySpan> From(IReadOnlyList<string> tags)
    {
        ArgumentNullException.ThrowIfNull(tags);
        var spans = new List<EntitySpan>();
        var (previousPrefix, previousType) = ("O", "");
        int start = -1;
        string openType = "";
        for (int i = 0; i < tags.Count; i++)
        {
            var (prefix, type) = Split(tags[i]);
            bool starts = StartsChunk(previousPrefix, prefix, previousType, type);
            if (start >= 0 && (starts || EndsChunk(previousPrefix, prefix, previousType, type)))
            {
                spans.Add(new EntitySpan(openType, start, i));
                start = -1;
            }
            if (starts) (start, openType) = (i, type);
            (previousPrefix, previousType) = (prefix, type);
        }
        if (start >= 0) spans.Add(new EntitySpan(openType, start, tags.Count));
        return spans;
    }

    /// <summary>A tag's prefix and type, split at the first '-' as conlleval does (<c>B-Ethnic-group</c> → B, Ethnic-group).</summary>
    public static (string Prefix, string Type) Split(string tag)
    {
        ArgumentNullException.ThrowIfNull(tag);
        int dash = tag.IndexOf('-', StringComparison.Ordinal);
        return dash < 0 ? (tag, "") : (tag[..dash], tag[(dash + 1)..]);
    }

    /// <summary>conlleval's startOfChunk: whether a chunk starts at the current token, given the previous token's tag.</summary>
    public static bool StartsChunk(string previousPrefix, string prefix, string previousType, string type) =>
        (previousPrefix, prefix) switch
        {
            ("B" or "I" or "O", "B") => true,
            ("O" or "E", "I" or "E") => true,
            // BIOES: S-X is a whole entity; B-X after E-X begins a new one.
            ("E" or "S", "B") or (_, "S") or ("S", "I" or "E") => true,
            (_, "[" or "]") => true,
            _ => prefix != "O" && prefix != "." && previousType != type,
        };

    /// <summary>conlleval's endOfChunk: whether a chunk ended at the previous token, given the current token's tag.</summary>
    public static bool EndsChunk(string previousPrefix, string prefix, string previousType, string type) =>
        (previousPrefix, prefix) switch
        {
            ("B" or "I", "B" or "O") => true,
            ("E", "E" or "I" or "O") => true,
            // BIOES: S-X ends where it starts; E-X is followed by a new entity or none.
            ("S", _) or ("E", "B" or "S") or ("B" or "I", "S") => true,
            ("[" or "]", _) => true,
            _ => previousPrefix != "O" && previousPrefix != "." && previousType != type,
        };
}
