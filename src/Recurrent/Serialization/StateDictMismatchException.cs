namespace Recurrent.Serialization;

/// <summary>A weights file whose tensors do not fit the model: every missing name, unexpected name and shape mismatch, in one message.</summary>
public sealed class StateDictMismatchException : ModelFormatException
{
    public IReadOnlyList<string> MissingNames { get; }

    public IReadOnlyList<string> UnexpectedNames { get; }

    /// <summary>One line per mismatch: <c>name: file has [..], model expects [..]</c>.</summary>
    public IReadOnlyList<string> ShapeMismatches { get; }

    public StateDictMismatchException(string filePath, string modelName, IReadOnlyList<string> missingNames, IReadOnlyList<string> unexpectedNames,
        IReadOnlyList<string> shapeMismatches)
        : base(filePath, Describe(modelName, missingNames, unexpectedNames, shapeMismatches))
    {
        MissingNames = missingNames;
        UnexpectedNames = unexpectedNames;
        ShapeMismatches = shapeMismatches;
    }

    private static string Describe(string modelName, IReadOnlyList<string> missing, IReadOnlyList<string> unexpected, IReadOnlyList<string> shapes)
    {
        var lines = new List<string> { $"the weights do not fit {modelName}; was the model built with the same options as the one that was saved?" };
        if (missing.Count > 0) lines.Add($"  missing from the file ({missing.Count}): {string.Join(", ", missing)}");
        if (unexpected.Count > 0) lines.Add($"  in the file but not in the model ({unexpected.Count}): {string.Join(", ", unexpected)}");
        if (shapes.Count > 0) lines.Add($"  shape mismatches ({shapes.Count}):");
        lines.AddRange(shapes.Select(s => "    " + s));
        return string.Join(Environment.NewLine, lines);
    }
}
