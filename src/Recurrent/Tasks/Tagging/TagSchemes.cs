namespace Recurrent.Tasks.Tagging;

/// <summary>
/// Entity tags and their schemes: whether tags are entity tags at all (<c>B-PER</c>, <c>O</c>) or something else (POS
/// tags such as <c>NNP</c>, scored by token accuracy only), which scheme a corpus uses, and conversion between the schemes
/// through the entities they mark, so that no entity is lost or changed.
/// </summary>
public static class TagSchemes
{
    /// <summary>The tag of a token outside every entity.</summary>
    public const string Outside = "O";

    /// <summary>Whether <paramref name="tag"/> is <c>O</c> or a prefix B, I, E or S, a '-' and a non-empty type.</summary>
    public static bool IsEntityTag(string tag)
    {
        ArgumentNullException.ThrowIfNull(tag);
        if (tag == Outside) return true;
        var (prefix, type) = EntitySpans.Split(tag);
        return prefix is "B" or "I" or "E" or "S" && type.Length > 0;
    }

    /// <summary>
    /// Whether every tag is an entity tag (<see cref="IsEntityTag"/>), so the tags mark entities to score by precision,
    /// recall and F1; otherwise (POS or chunk tags) they are scored by token accuracy only.
    /// </summary>
    public static bool IsEntityTagging(IEnumerable<string> tags)
    {
        ArgumentNullException.ThrowIfNull(tags);
        return tags.All(IsEntityTag);
    }

    /// <summary>
    /// The scheme of a corpus's tags: <see cref="TagScheme.Bioes"/> when any tag is <c>E-X</c> or <c>S-X</c>;
    /// <see cref="TagScheme.Iob1"/> when an <c>I-X</c> starts an entity (at the sentence start, after <c>O</c> or after
    /// another type); else <see cref="TagScheme.Iob2"/> (which is also what a corpus without entities is called).
    /// </summary>
    /// <exception cref="ArgumentException">A tag is not an entity tag (<see cref="IsEntityTag"/>).</exception>
    public static TagScheme Detect(IEnumerable<IReadOnlyList<string>> tagSequences)
    {
        ArgumentNullException.ThrowIfNull(tagSequences);
        bool insideStartsEntity = false;
        foreach (var tags in tagSequences)
        {
            string previousType = "";
            foreach (string tag in tags)
            {
                RequireEntityTag(tag);
                var (prefix, type) = EntitySpans.Split(tag);
                if (prefix is "E" or "S") return TagScheme.Bioes;
                if (prefix == "I" && previousType != type) insideStartsEntity = true;
                previousType = type;
            }
        }
        return insideStartsEntity ? TagScheme.Iob1 : TagScheme.Iob2;
    }

    /// <summary>
    /// The same entities in another scheme: the entities of <paramref name="tags"/> (read as <see cref="EntitySpans.From"/>
    /// reads them) written in <paramref name="to"/>. Converting back gives the original entities.
    /// </summary>
    /// <exception cref="ArgumentException">
    /// A tag is not an entity tag, or has a prefix that <paramref name="from"/> does not use (E- or S- outside BIOES).
    /// </exception>
    public static IReadOnlyList<string> Convert(IReadOnlyList<string> tags, TagScheme from, TagScheme to)
    {
        ArgumentNullException.ThrowIfNull(tags);
        RequireScheme(from, nameof(from));
        RequireScheme(to, nameof(to));
        foreach (string tag in tags)
        {
            RequireEntityTag(tag);
            if (from != TagScheme.Bioes && EntitySpans.Split(tag).Prefix is "E" or "S")
                throw new ArgumentException($"The tag '{tag}' is BIOES, but the tags were said to be {from}: give from: TagScheme.Bioes.");
        }
        return ToTags(EntitySpans.From(tags), tags.Count, to);
    }

    /// <summary>
    /// The tags of a sentence of <paramref name="length"/> tokens whose entities are <paramref name="spans"/> (in order, not
    /// overlapping), in <paramref name="scheme"/>. IOB1 writes <c>B-X</c> only where an entity directly follows one of the
    /// same type.
    /// </summary>
    public static IReadOnlyList<string> ToTags(IReadOnlyList<EntitySpan> spans, int length, TagScheme scheme)
    {
        ArgumentNullException.ThrowIfNull(spans);
        RequireScheme(scheme, nameof(scheme));
        var tags = Enumerable.Repeat(Outside, length).ToArray();
        EntitySpan? previous = null;
        foreach (var span in spans)
        {
            if (span.Start < 0 || span.End > length || span.Length < 1 || previous is { } last && span.Start < last.End)
                throw new ArgumentException($"The entity {span} does not fit a sentence of {length} tokens after the entity {previous}.");
            for (int i = span.Start; i < span.End; i++) tags[i] = "I-" + span.Type;
            bool followsSameType = previous is { } before && before.End == span.Start && before.Type == span.Type;
            switch (scheme)
            {
                case TagScheme.Iob1 when followsSameType:
                case TagScheme.Iob2:
                    tags[span.Start] = "B-" + span.Type;
                    break;
                case TagScheme.Bioes when span.Length == 1:
                    tags[span.Start] = "S-" + span.Type;
                    break;
                case TagScheme.Bioes:
                    tags[span.Start] = "B-" + span.Type;
                    tags[span.End - 1] = "E-" + span.Type;
                    break;
            }
            previous = span;
        }
        return tags;
    }

    private static void RequireEntityTag(string tag)
    {
        if (!IsEntityTag(tag))
            throw new ArgumentException($"The tag '{tag}' is not an entity tag (O, or B-, I-, E- or S- and a type such as B-PER); " +
                "score tags such as POS tags by token accuracy (TaggingScores.TokenAccuracy) instead.");
    }

    private static void RequireScheme(TagScheme scheme, string name)
    {
        if (!Enum.IsDefined(scheme))
            throw new ArgumentException($"{name} must be one of {string.Join(", ", Enum.GetNames<TagScheme>())}, got {scheme}.", name);
    }
}
