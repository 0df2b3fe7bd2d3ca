using Recurrent.Layers;

namespace Recurrent.Tasks.Tagging;

/// <summary>
/// The tag paths a <see cref="TagScheme"/> allows, as <see cref="CrfConstraints"/> for a <see cref="Crf"/> over the tags:
/// <list type="bullet">
/// <item>IOB2: <c>I-X</c> only after <c>B-X</c> or <c>I-X</c>;</item>
/// <item>IOB1: <c>B-X</c> only after <c>I-X</c> or <c>B-X</c> (it separates two entities of type X); <c>I-X</c> anywhere;</item>
/// <item>BIOES: after <c>B-X</c> or <c>I-X</c> only <c>I-X</c> or <c>E-X</c>; after <c>E-X</c>, <c>S-X</c> or <c>O</c> only
/// <c>O</c>, <c>B-Y</c> or <c>S-Y</c>.</item>
/// </list>
/// A sentence starts and ends as if an <c>O</c> stood before and after it: it may start with the tags that may follow
/// <c>O</c> and end with the tags that <c>O</c> may follow. Tags that are not all <c>O</c> or prefix-dash-type tags of the
/// scheme (POS tags such as <c>NNP</c>, <c>VB</c>) mark no spans, and every path is allowed.
/// </summary>
public static class TagSchemeConstraints
{
    /// <summary>The constraints over <paramref name="tags"/> (tag i is the CRF's tag index i) under <paramref name="scheme"/>.</summary>
    public static CrfConstraints FromTags(IReadOnlyList<string> tags, TagScheme scheme)
    {
        ArgumentNullException.ThrowIfNull(tags);
        if (tags.Count == 0) throw new ArgumentException("TagSchemeConstraints: there are no tags to constrain.", nameof(tags));
        if (!Enum.IsDefined(scheme))
            throw new ArgumentOutOfRangeException(nameof(scheme), scheme, $"Unknown tag scheme; use one of {string.Join(", ", Enum.GetNames<TagScheme>())}.");
        var parsed = new SpanTag[tags.Count];
        for (int i = 0; i < tags.Count; i++)
            if (!SpanTag.TryParse(tags[i], scheme, out parsed[i])) return CrfConstraints.AllowingEverything(tags.Count);

        int k = tags.Count;
        var allowed = new bool[k, k];
        var allowedStart = new bool[k];
        var allowedEnd = new bool[k];
        for (int i = 0; i < k; i++)
        {
            allowedStart[i] = Follows(SpanTag.Outside, parsed[i], scheme);
            allowedEnd[i] = Follows(parsed[i], SpanTag.Outside, scheme);
            for (int j = 0; j < k; j++) allowed[i, j] = Follows(parsed[i], parsed[j], scheme);
        }
        return new CrfConstraints(allowed, allowedStart, allowedEnd);
    }

    /// <summary>Whether <paramref name="next"/> may follow <paramref name="previous"/> under <paramref name="scheme"/>.</summary>
    private static bool Follows(SpanTag previous, SpanTag next, TagScheme scheme)
    {
        bool insideSameType = previous.Prefix is 'B' or 'I' && previous.Type == next.Type;
        return scheme switch
        {
            TagScheme.Iob2 => next.Prefix != 'I' || insideSameType,
            TagScheme.Iob1 => next.Prefix != 'B' || insideSameType,
            _ => previous.Prefix is 'B' or 'I' ? next.Prefix is 'I' or 'E' && insideSameType : next.Prefix is 'O' or 'B' or 'S',
        };
    }

    /// <summary>A tag split into its prefix (<c>O</c> for outside) and entity type (empty for <c>O</c>).</summary>
    private readonly record struct SpanTag(char Prefix, string Type)
    {
        public static SpanTag Outside => new('O', "");

        /// <summary>Splits <c>O</c> or <c>P-TYPE</c> with a prefix P of the scheme; false for any other tag.</summary>
        public static bool TryParse(string tag, TagScheme scheme, out SpanTag parsed)
        {
            parsed = Outside;
            if (tag == "O") return true;
            string prefixes = scheme == TagScheme.Bioes ? "BIES" : "BI";
            if (tag.Length < 3 || tag[1] != '-' || !prefixes.Contains(tag[0])) return false;
            parsed = new SpanTag(tag[0], tag[2..]);
            return true;
        }
    }
}
