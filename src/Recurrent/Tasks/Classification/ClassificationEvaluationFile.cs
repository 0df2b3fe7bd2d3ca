using System.Text.Json;
using System.Text.Json.Nodes;
using Recurrent.Serialization;

namespace Recurrent.Tasks.Classification;

/// <summary>
/// <c>evaluation.json</c> in a classifier's model directory: the <see cref="ClassificationReport"/> of its validation split,
/// saved at the end of training so that the report page can be rebuilt without the data. Its object is the one
/// <c>rnn evaluate --json</c> prints: <c>{ accuracy, macro_f1, loss, count, labels, per_class: [{ label, precision, recall, f1,
/// support }], confusion: [actual][predicted] }</c>, a number that is not finite written as null.
/// </summary>
public static class ClassificationEvaluationFile
{
    public const string FileName = "evaluation.json";

    /// <summary>Writes <paramref name="report"/> into <paramref name="directory"/> atomically.</summary>
    public static void Save(string directory, ClassificationReport report) =>
        AtomicFile.WriteAllText(Path.Combine(directory, FileName), ToJson(report).ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");

    /// <summary>The report saved in <paramref name="directory"/>, or null when it has none (no validation split, or a model older than the file).</summary>
    public static ClassificationReport? Load(string directory)
    {
        string path = Path.Combine(directory, FileName);
        if (!File.Exists(path)) return null;
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(File.ReadAllText(path));
        }
        catch (JsonException e)
        {
            throw new ModelFormatException(path, $"not valid JSON at line {e.LineNumber + 1}: " +
                "delete it (the report then leaves out the validation scores) or train the model again.",
                innerException: e);
        }
        return FromJson(node as JsonObject ?? throw new ModelFormatException(path, "it must hold one JSON object."), path);
    }

    public static JsonObject ToJson(ClassificationReport report) => new()
    {
        ["accuracy"] = MetricsLog.Number(report.Accuracy),
        ["macro_f1"] = MetricsLog.Number(report.MacroF1),
        ["loss"] = MetricsLog.Number(report.Loss),
        ["count"] = report.Count,
        ["labels"] = new JsonArray(report.Labels.Select(l => (JsonNode?)JsonValue.Create(l)).ToArray()),
        ["per_class"] = new JsonArray(report.PerClass.Select(s => (JsonNode?)new JsonObject
        {
            ["label"] = s.Label,
            ["precision"] = MetricsLog.Number(s.Precision),
            ["recall"] = MetricsLog.Number(s.Recall),
            ["f1"] = MetricsLog.Number(s.F1),
            ["support"] = s.Support,
        }).ToArray()),
        ["confusion"] = new JsonArray(report.Confusion
            .Select(row => (JsonNode?)new JsonArray(row.Select(n => (JsonNode?)JsonValue.Create(n)).ToArray())).ToArray()),
    };

    /// <summary>
    /// The report of <see cref="ToJson"/>'s object, its scores recomputed from the labels and the confusion matrix (so they
    /// agree); <paramref name="source"/> names the file in a <see cref="ModelFormatException"/> when something does not fit.
    /// </summary>
    public static ClassificationReport FromJson(JsonObject json, string source)
    {
        string[] labels;
        int[][] confusion;
        try
        {
            labels = json["labels"]!.AsArray().Select(label => label!.GetValue<string>()).ToArray();
            confusion = json["confusion"]!.AsArray().Select(row => row!.AsArray().Select(n => n!.GetValue<int>()).ToArray()).ToArray();
        }
        catch (Exception e) when (e is NullReferenceException or InvalidOperationException or FormatException)
        {
            throw new ModelFormatException(source, "'labels' must be a list of names and 'confusion' a list of rows of counts.", innerException: e);
        }
        if (confusion.Length != labels.Length || confusion.Any(row => row.Length != labels.Length || row.Any(n => n < 0)))
            throw new ModelFormatException(source,
                $"'confusion' must be {labels.Length} × {labels.Length} counts (one row and one column per label), none negative.");
        var actual = new List<int>();
        var predicted = new List<int>();
        for (int a = 0; a < labels.Length; a++)
            for (int p = 0; p < labels.Length; p++)
            {
                actual.AddRange(Enumerable.Repeat(a, confusion[a][p]));
                predicted.AddRange(Enumerable.Repeat(p, confusion[a][p]));
            }
        double loss = json["loss"] is JsonValue value && value.TryGetValue(out double number) ? number : double.NaN;
        return ClassificationReport.From(predicted.ToArray(), actual.ToArray(), labels, loss);
    }
}
