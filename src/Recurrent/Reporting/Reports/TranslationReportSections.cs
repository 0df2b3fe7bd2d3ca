using System.Text;
using Recurrent.Serialization;
using Recurrent.Tasks.Translation;
using static Recurrent.Reporting.Reports.TaskSectionHtml;

namespace Recurrent.Reporting.Reports;

/// <summary>
/// A translator's own views in its report, from the evaluation of its held-out pairs saved at the end of training
/// (<see cref="TranslationEvaluationSummary"/> in evaluation.json): BLEU by source length as a table and a line chart, and a
/// few translations beside their source and references with their attention maps.
/// </summary>
public static class TranslationReportSections
{
    /// <summary>Room around an attention map's cells (title, axis titles, labels, colour bar) and the size of a cell, in pixels.</summary>
    private const int WidthAroundCells = 230, HeightAroundCells = 150, CellWidth = 48, CellHeight = 30;

    /// <summary>The sections of the translator saved in <paramref name="modelDirectory"/>.</summary>
    /// <exception cref="ModelFormatException">evaluation.json is damaged (an attention map that does not fit its tokens, too).</exception>
    public static IReadOnlyList<ReportSection> Of(string modelDirectory)
    {
        ArgumentNullException.ThrowIfNull(modelDirectory);
        var summary = EvaluationFile.Load<TranslationEvaluationSummary>(modelDirectory);
        if (summary is null) return [Missing("BLEU by source length", modelDirectory, "evaluation of the held-out translations")];
        CheckAttention(summary, modelDirectory);
        return [ByLength(summary), Samples(summary)];
    }

    private static ReportSection ByLength(TranslationEvaluationSummary summary)
    {
        var html = new StringBuilder(Paragraph(
            $"Held-out part: {Count(summary.Sentences)} distinct sources translated; corpus BLEU {Number(summary.Bleu, "0.00")}, " +
            $"chrF {Number(summary.ChrF, "0.0")}, exact match {Percent(summary.ExactMatch)}. Below, the sources by their length in the " +
            "tokens the model reads, each range scored on its own."));
        html.Append(Table(["source tokens", "sources", "BLEU"], summary.ByLength.Select(range => (IReadOnlyList<string>)
            [Range(range), Count(range.Sentences), Number(range.Bleu, "0.00")])));
        if (summary.ByLength.Count > 0)
            html.Append(Figure(ChartFile.ToSvg(LengthChart(summary.ByLength), 640, 360), "translation-bleu-",
                "Corpus BLEU of the held-out sources of each length range, at the middle of the range."));
        return new ReportSection("BLEU by source length", html.ToString());
    }

    private static string Range(SourceLengthBleu range) =>
        range.MinTokens == range.MaxTokens ? Count(range.MinTokens) : $"{Count(range.MinTokens)}–{Count(range.MaxTokens)}";

    /// <summary>BLEU against the middle of each source length range.</summary>
    internal static LineChart LengthChart(IReadOnlyList<SourceLengthBleu> ranges) => new()
    {
        Title = "BLEU by source length",
        XAxisTitle = "Source length (tokens)",
        YAxisTitle = "BLEU",
        X = ranges.Select(range => (range.MinTokens + range.MaxTokens) / 2.0).ToArray(),
        Series = [new LineChartSeries("BLEU", ranges.Select(range => range.Bleu).ToArray())],
    };

    private static ReportSection Samples(TranslationEvaluationSummary summary)
    {
        if (summary.Samples.Count == 0)
            return new ReportSection("Sample translations", Paragraph(
                $"No held-out source is short enough to show (at most {TranslationEvaluationSummary.MaxSampleLength} tokens)."));
        var html = new StringBuilder(Paragraph(
            "Held-out sources from the shortest to the longest, with their references and the model's translation; below, where the " +
            "decoder looked in the source for each output token."));
        html.Append(Table(["", "source", "references", "translation"], summary.Samples.Select((sample, i) => (IReadOnlyList<string>)
            [Count(i + 1), Encode(sample.Source), string.Join("<br/>", sample.References.Select(Encode)), Encode(sample.Output)]), rowHeaders: true));
        for (int i = 0; i < summary.Samples.Count; i++)
        {
            var sample = summary.Samples[i];
            string caption = $"{i + 1}. {sample.Source} → {sample.Output}";
            if (sample.Attention.Length == 0)
            {
                html.Append(Paragraph(caption + ": no attention map, the model was trained without attention."));
                continue;
            }
            html.Append(Figure(ChartFile.ToSvg(AttentionMap(sample), WidthAroundCells + CellWidth * sample.SourceTokens.Count,
                HeightAroundCells + CellHeight * sample.Attention.Length), $"translation-attention-{i + 1}-", caption));
        }
        return new ReportSection("Sample translations", html.ToString());
    }

    /// <summary>Throws unless every sample's attention has a row per output token (and &lt;eos&gt;) and a weight per source token.</summary>
    private static void CheckAttention(TranslationEvaluationSummary summary, string modelDirectory)
    {
        for (int i = 0; i < summary.Samples.Count; i++)
        {
            var sample = summary.Samples[i];
            if (sample.Attention.Length == 0) continue;
            bool fits = sample.Attention.Length == sample.AttentionRowLabels().Count
                        && sample.Attention.All(row => row.Length == sample.SourceTokens.Count && row.All(float.IsFinite));
            if (!fits)
                throw new ModelFormatException(Path.Combine(modelDirectory, EvaluationFile.FileName),
                    $"sample {i + 1}'s attention is not one row of {sample.SourceTokens.Count} finite weights per output token; " +
                    "train the model again to rewrite the file");
        }
    }

    /// <summary>[output tokens (and &lt;eos&gt;), source tokens]: the attention weights, coloured on the fixed scale 0–1.</summary>
    internal static HeatMapChart AttentionMap(TranslationSample sample)
    {
        int rows = sample.Attention.Length, columns = sample.SourceTokens.Count;
        var values = new double[rows, columns];
        for (int row = 0; row < rows; row++)
            for (int column = 0; column < columns; column++) values[row, column] = sample.Attention[row][column];
        return new HeatMapChart
        {
            Title = "Attention",
            XAxisTitle = "source token",
            YAxisTitle = "output token",
            ColorAxisTitle = "weight",
            Values = values,
            RowLabels = sample.AttentionRowLabels(),
            ColumnLabels = sample.SourceTokens,
            ColorMinimum = 0,
            ColorMaximum = 1,
        };
    }
}
