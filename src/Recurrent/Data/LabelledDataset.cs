using System.Globalization;

namespace Recurrent.Data;

/// <summary>
/// Labelled examples and their label set. Labels are sorted, not kept in first-seen order, so that the
/// label → index mapping does not depend on the order of the file: when every label is an integer they sort
/// numerically (so labels 0…K−1 map to themselves), otherwise ordinally.
/// </summary>
public sealed class LabelledDataset
{
    private readonly LabelledExample[] examples;
    private readonly Dictionary<string, int> labelIndex;

    public IReadOnlyList<LabelledExample> Examples => examples;

    /// <summary>The distinct labels, sorted; a label's position is its class index.</summary>
    public IReadOnlyList<string> Labels { get; }

    public int Count => examples.Length;

    public int ClassCount => Labels.Count;

    public LabelledExample this[int index] => examples[index];

    /// <summary>
    /// Builds a dataset. With <paramref name="labels"/> the label set is fixed (e.g. a validation set that must use
    /// the training set's classes, possibly not all present) and every example's label must be in it.
    /// </summary>
    public LabelledDataset(IEnumerable<LabelledExample> examples, IReadOnlyList<string>? labels = null)
    {
        this.examples = examples.ToArray();
        Labels = labels is null ? SortLabels(this.examples.Select(e => e.Label).Distinct()) : labels.ToArray();
        labelIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < Labels.Count; i++)
            if (!labelIndex.TryAdd(Labels[i], i)) throw new ArgumentException($"The label set lists '{Labels[i]}' twice.");
        foreach (var example in this.examples)
            if (!labelIndex.ContainsKey(example.Label))
                throw new DataFormatException(example.Where, $"label '{example.Label}' is not one of the {Labels.Count} known labels ({LabelList()})",
                    "Use data with the same classes as the training data.");
    }

    /// <summary>The class index of a label; throws naming the known labels when it is unknown.</summary>
    public int LabelIndex(string label) =>
        labelIndex.TryGetValue(label, out int index) ? index
            : throw new KeyNotFoundException($"Unknown label '{label}'. The {Labels.Count} known labels are: {LabelList()}.");

    /// <summary>The class index of every example, in order.</summary>
    public int[] LabelIndices() => Array.ConvertAll(examples, e => labelIndex[e.Label]);

    /// <summary>Number of examples per class, indexed like <see cref="Labels"/>.</summary>
    public int[] ClassCounts()
    {
        var counts = new int[Labels.Count];
        foreach (var example in examples) counts[labelIndex[example.Label]]++;
        return counts;
    }

    /// <summary>The examples at <paramref name="indices"/>, in that order, with this dataset's label set.</summary>
    public LabelledDataset Subset(IEnumerable<int> indices) => new(indices.Select(i => examples[i]), Labels);

    private string LabelList() => string.Join(", ", Labels.Take(20)) + (Labels.Count > 20 ? ", …" : "");

    private static string[] SortLabels(IEnumerable<string> distinct)
    {
        var labels = distinct.ToArray();
        bool numeric = labels.All(l => long.TryParse(l, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _));
        if (numeric)
            return labels.OrderBy(l => long.Parse(l, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture))
                .ThenBy(l => l, StringComparer.Ordinal).ToArray();
        Array.Sort(labels, StringComparer.Ordinal);
        return labels;
    }
}
