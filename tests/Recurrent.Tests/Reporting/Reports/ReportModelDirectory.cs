using System.Text.Json.Nodes;
using Recurrent.Serialization;
using Recurrent.Tasks.Classification;

namespace Recurrent.Tests.Reporting.Reports;

/// <summary>
/// A classifier's model directory written by hand in a scratch folder: config.json, metrics.jsonl with the keys that
/// <c>rnn train classify</c> logs, and evaluation.json, without weights (the report does not read them).
/// </summary>
internal sealed class ReportModelDirectory : IDisposable
{
    private readonly string root = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "recurrent-report-" + Guid.NewGuid().ToString("N"));

    public ReportModelDirectory(string[]? labels = null, string name = "reviews")
    {
        Path = System.IO.Path.Combine(root, name);
        Directory.CreateDirectory(Path);
        Labels = labels ?? ["negative", "positive"];
        var config = new ModelConfig("classification") { Labels = new JsonArray(Labels.Select(l => (JsonNode?)JsonValue.Create(l)).ToArray()) };
        config.Architecture["kind"] = "recurrent";
        config.Architecture["cell"] = "lstm";
        config.Architecture["hidden_size"] = 32;
        config.Training["optimizer"] = "adam";
        config.Training["learning_rate"] = 0.005;
        config.Vocabulary = new JsonArray(Enumerable.Range(0, 40).Select(i => (JsonNode?)JsonValue.Create("w" + i)).ToArray());
        config.Save(System.IO.Path.Combine(Path, ModelDirectory.ConfigFileName));
        for (int epoch = 1; epoch <= 3; epoch++) MetricsLog.Append(Path, Epoch(epoch));
        ClassificationEvaluationFile.Save(Path, ClassificationReport.From([0, 0, 1, 1, 1], [0, 1, 1, 1, 0], Labels, 0.42));
    }

    /// <summary>The model directory.</summary>
    public string Path { get; }

    public IReadOnlyList<string> Labels { get; }

    /// <summary>One epoch's record, with the keys and order of rnn train classify's log.</summary>
    public static JsonObject Epoch(int epoch) => new()
    {
        ["epoch"] = epoch, ["train_loss"] = 1.0 / epoch, ["valid_loss"] = 1.1 / epoch, ["valid_accuracy"] = 0.5 + 0.1 * epoch,
        ["valid_macro_f1"] = 0.45 + 0.1 * epoch, ["lr"] = 0.005, ["grad_norm"] = 2.0 / epoch, ["grad_norm_max"] = 3.0 / epoch,
        ["seconds"] = 1.5, ["tokens_per_s"] = 20000 + epoch, ["step"] = 30 * epoch, ["elapsed_s"] = 1.6 * epoch, ["train_s"] = 1.5 * epoch,
    };

    public void Dispose()
    {
        if (Directory.Exists(root)) Directory.Delete(root, recursive: true);
    }
}
