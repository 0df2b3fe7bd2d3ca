using Recurrent.Data;
using Recurrent.Tasks.Classification;

namespace Recurrent.Cli.Classification;

/// <summary><c>rnn evaluate DIR</c> for a text classifier: scores it on labelled data and shows the report.</summary>
internal static class ClassifierEvaluation
{
    public static int Run(string directory, IReadOnlyList<string> dataPaths, ReadOptions read, bool json)
    {
        var model = TextClassificationModel.Load(directory);
        var data = LabelledTextReader.Read(dataPaths, read);
        if (data.SkippedRows > 0)
            Console.Error.WriteLine($"warning: skipped {data.SkippedRows} malformed rows, e.g. {data.Warnings.FirstOrDefault()}");
        var known = model.Labels.ToHashSet(StringComparer.Ordinal);
        foreach (var example in data.Dataset.Examples)
            if (!known.Contains(example.Label))
                throw new DataFormatException(example.Where,
                    $"label '{example.Label}' is not one the model was trained on ({string.Join(", ", model.Labels)})",
                    "Evaluate on data with the same classes as the training data.");

        var examples = data.Dataset.Examples;
        var report = model.Evaluate(examples.Select(e => e.Text).ToList(), examples.Select(e => e.Label).ToList());
        if (json) JsonOutput.Write(ClassificationReportWriter.ToJson(report));
        else ClassificationReportWriter.WriteTables(ConsoleOutput.Create(), report, $"{directory} on {string.Join(", ", dataPaths)}");
        return 0;
    }
}
