namespace Recurrent.Layers;

/// <summary>
/// Which tag paths a <see cref="Crf"/> may score: the transitions from tag i to tag j, the tags a sentence may start with
/// and the tags it may end with. A tagging scheme forbids some (in IOB2, <c>I-PER</c> never follows <c>O</c>); the CRF
/// excludes forbidden ones exactly, so that they have probability 0, are never decoded and get no gradient. The constraints
/// are not parameters: they follow from the tags and their scheme, which rebuild them when a model is loaded.
/// </summary>
public sealed class CrfConstraints
{
    private readonly bool[] allowed;      // [K, K] row-major: allowed[i·K + j] when tag j may follow tag i
    private readonly bool[] allowedStart; // [K]
    private readonly bool[] allowedEnd;   // [K]

    /// <param name="allowed">[K, K]: allowed[i, j] when tag j may follow tag i.</param>
    /// <param name="allowedStart">[K]: the tags a sentence may start with; at least one.</param>
    /// <param name="allowedEnd">[K]: the tags a sentence may end with; at least one.</param>
    public CrfConstraints(bool[,] allowed, bool[] allowedStart, bool[] allowedEnd)
    {
        ArgumentNullException.ThrowIfNull(allowed);
        ArgumentNullException.ThrowIfNull(allowedStart);
        ArgumentNullException.ThrowIfNull(allowedEnd);
        int tags = allowed.GetLength(0);
        if (tags < 1 || allowed.GetLength(1) != tags)
            throw new ArgumentException($"CrfConstraints: the allowed transitions must be a square [K, K] table with K ≥ 1, got " +
                $"[{allowed.GetLength(0)}, {allowed.GetLength(1)}].", nameof(allowed));
        if (allowedStart.Length != tags || allowedEnd.Length != tags)
            throw new ArgumentException($"CrfConstraints: {tags} tags need {tags} start and {tags} end flags, got " +
                $"{allowedStart.Length} and {allowedEnd.Length}.");
        if (!allowedStart.Contains(true))
            throw new ArgumentException("CrfConstraints: no tag may start a sentence; allow at least one.", nameof(allowedStart));
        if (!allowedEnd.Contains(true))
            throw new ArgumentException("CrfConstraints: no tag may end a sentence; allow at least one.", nameof(allowedEnd));
        Tags = tags;
        this.allowed = new bool[tags * tags];
        for (int i = 0; i < tags; i++)
            for (int j = 0; j < tags; j++)
                this.allowed[i * tags + j] = allowed[i, j];
        this.allowedStart = (bool[])allowedStart.Clone();
        this.allowedEnd = (bool[])allowedEnd.Clone();
    }

    /// <summary>No constraint on <paramref name="tags"/> tags: every path is allowed (tags that mark no spans, such as POS tags).</summary>
    public static CrfConstraints AllowingEverything(int tags)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(tags, 1);
        var allowed = new bool[tags, tags];
        for (int i = 0; i < tags; i++)
            for (int j = 0; j < tags; j++)
                allowed[i, j] = true;
        return new CrfConstraints(allowed, Enumerable.Repeat(true, tags).ToArray(), Enumerable.Repeat(true, tags).ToArray());
    }

    /// <summary>Number of tags K.</summary>
    public int Tags { get; }

    /// <summary>Whether tag <paramref name="to"/> may follow tag <paramref name="from"/>.</summary>
    public bool IsAllowed(int from, int to) => allowed[from * Tags + to];

    /// <summary>Whether a sentence may start with <paramref name="tag"/>.</summary>
    public bool IsAllowedStart(int tag) => allowedStart[tag];

    /// <summary>Whether a sentence may end with <paramref name="tag"/>.</summary>
    public bool IsAllowedEnd(int tag) => allowedEnd[tag];

    /// <summary>True when nothing is forbidden.</summary>
    public bool AllowsEverything => !allowed.Contains(false) && !allowedStart.Contains(false) && !allowedEnd.Contains(false);

    /// <summary>A copy of the allowed transitions [K, K], for saving.</summary>
    public bool[,] AllowedTransitions()
    {
        var copy = new bool[Tags, Tags];
        for (int i = 0; i < Tags; i++)
            for (int j = 0; j < Tags; j++)
                copy[i, j] = IsAllowed(i, j);
        return copy;
    }

    /// <summary>A copy of the start flags [K], for saving.</summary>
    public bool[] AllowedStarts() => (bool[])allowedStart.Clone();

    /// <summary>A copy of the end flags [K], for saving.</summary>
    public bool[] AllowedEnds() => (bool[])allowedEnd.Clone();
}
