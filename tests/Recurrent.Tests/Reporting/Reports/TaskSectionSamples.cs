using System.Text.RegularExpressions;
using System.Xml.Linq;
using Recurrent.Reporting.Reports;
using Recurrent.Serialization;
using Recurrent.Tasks.Forecasting;
using Recurrent.Tasks.Tagging;
using Recurrent.Tasks.Translation;
using Recurrent.Tests.EndToEnd;

namespace Recurrent.Tests.Reporting.Reports;

/// <summary>
/// Hand-made model directories holding only an evaluation.json, as the training of a tagger, a translator and a forecaster
/// writes it, and what the tests read back from the sections' HTML.
/// </summary>
internal static partial class TaskSectionSamples
{
    /// <summary>
    /// Two entity types; the first sentence has a wrong tag and a token that needs escaping, the second is all right.
    /// </summary>
    public static TaggingEvaluationSummary Tagging()
    {
        var gold = new[] { new[] { "B-PER", "I-PER", "O", "B-LOC" }, new[] { "B-ORG", "O" } };
        var predicted = new[] { new[] { "B-PER", "I-PER", "O", "B-ORG" }, new[] { "B-ORG", "O" } };
        var scores = TaggingMetrics.Score(gold, predicted);
        return new TaggingEvaluationSummary(true, scores, new Dictionary<string, TagAccuracy> { ["B-LOC"] = new(1, 0), ["O"] = new(2, 2) },
        [
            new TaggedSample(["Ada", "Lovelace", "<visited>", "Paris"], gold[0], predicted[0]),
            new TaggedSample(["ACME", "&co"], gold[1], predicted[1]),
        ]);
    }

    /// <summary>Part-of-speech tags: no entities, three tags.</summary>
    public static TaggingEvaluationSummary PartOfSpeech()
    {
        var gold = new[] { new[] { "NNP", "VBZ", "." } };
        var predicted = new[] { new[] { "NNP", "NN", "." } };
        return new TaggingEvaluationSummary(false, TaggingMetrics.Score(gold, predicted),
            new Dictionary<string, TagAccuracy> { ["."] = new(1, 1), ["NNP"] = new(1, 1), ["VBZ"] = new(1, 0) },
            [new TaggedSample(["Ada", "codes", "."], gold[0], predicted[0])]);
    }

    /// <summary>Two length ranges; the first sample has attention ending with &lt;eos&gt;, the second none (a model without attention).</summary>
    public static TranslationEvaluationSummary Translation(bool attention = true) => new(41.5, 60.2, 0.25, 4,
        [new SourceLengthBleu(1, 5, 3, 45.1), new SourceLengthBleu(6, 10, 1, 20.3)],
        [
            new TranslationSample("Hello <world>.", ["hello", "<world>", "."], ["Hallo Welt.", "Hallo, Welt!"], "hallo welt .", ["hallo", "welt", "."],
                attention ? [[0.9f, 0.05f, 0.05f], [0.1f, 0.8f, 0.1f], [0f, 0.1f, 0.9f], [0.2f, 0.2f, 0.6f]] : []),
            new TranslationSample("Go.", ["go", "."], ["Geh."], "geh .", ["geh", "."], []),
        ]);

    /// <summary>A forecast of 8 points, the test part the last 4, with an 80% interval, and two baselines.</summary>
    public static ForecastEvaluationSummary Forecast(bool interval = true)
    {
        double[][] forecasts = [[1.1], [2.1], [2.9], [4.2]], actuals = [[1.0], [2.0], [3.0], [4.0]];
        double[][] persistence = [[0.5], [1.0], [2.0], [3.0]], mean = [[2.0], [2.0], [2.0], [2.0]];
        return new ForecastEvaluationSummary("passengers", null, 10, [-3, -2, -1, 0, 1, 2, 3, 4], [null, null, null, null, 1.1, 2.1, 2.9, 4.2],
            interval ? [null, null, null, null, 0.8, 1.7, 2.5, 3.9] : null, interval ? [null, null, null, null, 1.4, 2.5, 3.3, 4.6] : null,
            interval ? [0.1, 0.9] : null, 14, ForecastScores.Compute(forecasts, actuals, 1.0),
            new Dictionary<string, ForecastScores>
            {
                ["persistence"] = ForecastScores.Compute(persistence, actuals, 1.0),
                ["mean"] = ForecastScores.Compute(mean, actuals, 1.0),
            },
            interval ? 0.75 : null);
    }

    /// <summary>A new directory holding <paramref name="summary"/> as evaluation.json.</summary>
    public static string Directory<T>(ScratchDirectory folder, string name, T summary)
    {
        string directory = folder.PathOf(name);
        System.IO.Directory.CreateDirectory(directory);
        EvaluationFile.Save(directory, summary);
        return directory;
    }

    /// <summary>The section's body, parsed as XML inside a &lt;div&gt;: it fails on an unclosed or unescaped tag.</summary>
    public static XElement Parse(ReportSection section) => XElement.Parse("<div>" + section.Html + "</div>");

    /// <summary>The rows of each table of the section, each row as the text of its cells.</summary>
    public static IReadOnlyList<IReadOnlyList<string[]>> Tables(ReportSection section) =>
        Parse(section).Descendants("table")
            .Select(table => (IReadOnlyList<string[]>)table.Descendants("tr").Select(row => row.Elements().Select(cell => cell.Value).ToArray()).ToList())
            .ToList();

    /// <summary>Asserts what every section must be: a title, HTML that parses, no address on the network, inline SVGs with a size.</summary>
    public static void AssertSelfContained(ReportSection section)
    {
        Assert.False(string.IsNullOrWhiteSpace(section.Title));
        var body = Parse(section);
        Assert.DoesNotMatch(NetworkAddress(), section.Html);
        Assert.DoesNotContain("<script", section.Html, StringComparison.OrdinalIgnoreCase);
        foreach (var svg in body.Descendants("svg"))
        {
            Assert.True(double.Parse((string)svg.Attribute("width")!, System.Globalization.CultureInfo.InvariantCulture) > 0);
            Assert.True(double.Parse((string)svg.Attribute("height")!, System.Globalization.CultureInfo.InvariantCulture) > 0);
        }
    }

    [GeneratedRegex("https?://", RegexOptions.IgnoreCase)]
    private static partial Regex NetworkAddress();
}
