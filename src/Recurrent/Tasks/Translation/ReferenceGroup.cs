namespace Recurrent.Tasks.Translation;

/// <summary>
/// A source sentence with all its reference translations, for multi-reference metrics: BLEU counts an n-gram of a
/// translation as correct up to the most times it occurs in any one reference, and takes the reference length closest to
/// the translation's for the brevity penalty.
/// </summary>
/// <param name="Source">The sentence to translate.</param>
/// <param name="References">Its distinct translations, in the order first read (at least one).</param>
public sealed record ReferenceGroup(string Source, IReadOnlyList<string> References)
{
    /// <summary>
    /// The pairs grouped by source sentence (compared exactly, ordinal), in the order each source first occurs; a
    /// translation given twice for one source is one reference.
    /// </summary>
    public static IReadOnlyList<ReferenceGroup> Of(IEnumerable<ParallelTextPair> pairs)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        var groups = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var pair in pairs)
        {
            if (!groups.TryGetValue(pair.Source, out var references))
            {
                groups[pair.Source] = references = [];
                order.Add(pair.Source);
            }
            if (!references.Contains(pair.Target, StringComparer.Ordinal)) references.Add(pair.Target);
        }
        return order.Select(source => new ReferenceGroup(source, groups[source])).ToArray();
    }
}
