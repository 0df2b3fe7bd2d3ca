using System.Globalization;
using System.Net;
using System.Text;
using Recurrent.Recurrence;
using Recurrent.Reporting;

namespace Recurrent.Interpretation;

/// <summary>
/// The vanishing-gradient experiment as one self-contained HTML page: the <see cref="GradientFlowChart"/> of the cells side by
/// side (log₁₀ ‖∂L/∂h_t‖ against the distance, with the Elman bound), a table of the spectra of their weight_hh blocks, and for
/// the exploding case of <see cref="ClippingExperiment"/> a chart and a table of the gradient norm and the update per SGD step
/// with and without clipping. Charts are inline SVG; nothing is fetched and the page holds no URL.
/// </summary>
public static class GradientFlowPage
{
    private const string Style =
        "body{font-family:Arial,sans-serif;margin:1.5em;color:#222}" +
        "table{border-collapse:collapse;margin:.5em 0 1em}th,td{border:1px solid #ccc;padding:.2em .6em;text-align:right}" +
        "th:first-child,td:first-child{text-align:left}figure{margin:0 0 1em}svg{max-width:100%;height:auto}";

    /// <param name="results">the cells measured, all over the same length (as <see cref="GradientFlowChart.Build"/> needs).</param>
    /// <param name="clipping">the clipping experiment, or null to leave it out.</param>
    /// <param name="title">the page's title and heading.</param>
    public static string ToHtml(IReadOnlyList<GradientFlowResult> results, ClippingResult? clipping, string title)
    {
        ArgumentNullException.ThrowIfNull(results);
        ArgumentNullException.ThrowIfNull(title);
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<title>").Append(Encode(title)).Append("</title>\n<style>").Append(Style).Append("</style>\n</head>\n<body>\n")
            .Append("<h1>").Append(Encode(title)).Append("</h1>\n")
            .Append("<section id=\"gradient-flow\">\n<h2>‖∂L/∂h_t‖ against the distance T − t</h2>\n")
            .Append("<p>Each line is log₁₀ of the norm of the loss's gradient at step t; a straight falling line is an exponential decay. ")
            .Append("The Elman cell's bound is ‖∂L/∂h_T‖ · Π ‖diag(g′(a_k))‖·‖W_hh‖ over the steps in between.</p>\n<figure>")
            .Append(StateInspectionPage.InlineSvg(ChartFile.ToSvg(GradientFlowChart.Build(results)), "flow-")).Append("</figure>\n");
        AppendSpectra(html, results);
        html.Append("</section>\n");
        if (clipping is not null) AppendClipping(html, clipping);
        return html.Append("</body>\n</html>\n").ToString();
    }

    /// <summary>ρ and ‖·‖₂ of every gate block of each cell's weight_hh.</summary>
    private static void AppendSpectra(StringBuilder html, IReadOnlyList<GradientFlowResult> results)
    {
        html.Append("<table id=\"spectra\">\n<tr><th>cell</th><th>block</th><th>spectral radius ρ</th><th>spectral norm ‖·‖₂</th></tr>\n");
        foreach (var result in results)
            foreach (var spectrum in result.RecurrentSpectra)
                html.Append("<tr><td>").Append(Encode(RecurrentCells.NameOf(result.Cell))).Append("</td><td>")
                    .Append(spectrum.Block.ToString(CultureInfo.InvariantCulture)).Append("</td><td>").Append(Number(spectrum.SpectralRadius))
                    .Append("</td><td>").Append(Number(spectrum.SpectralNorm)).Append("</td></tr>\n");
        html.Append("</table>\n");
    }

    /// <summary>log₁₀ of the backpropagated gradient norm and of the update per SGD step of both arms, and their table.</summary>
    private static void AppendClipping(StringBuilder html, ClippingResult clipping)
    {
        var options = clipping.Options;
        int steps = options.Steps;
        var chart = new LineChart
        {
            Title = "Gradient clipping on an exploding ReLU Elman layer",
            XAxisTitle = "SGD step",
            YAxisTitle = "log₁₀ norm",
            X = Enumerable.Range(1, steps).Select(step => (double)step).ToArray(),
            // An arm that overflowed at its first step has no point to draw.
            Series = new[] { ($"clipped at {Number(options.MaxNorm)}", clipping.Clipped), ("not clipped", clipping.Unclipped) }
                .Where(arm => arm.Item2.Count > 0)
                .SelectMany(arm => new[]
                {
                    new LineChartSeries($"{arm.Item1}: ‖∂L/∂θ‖", ByStep(arm.Item2, steps, step => step.GradientNorm)),
                    new LineChartSeries($"{arm.Item1}: update ‖Δθ‖", ByStep(arm.Item2, steps, step => step.UpdateNorm)),
                })
                .ToList(),
        };
        html.Append("<section id=\"clipping\">\n<h2>Exploding gradients and clipping</h2>\n<p>")
            .Append(Encode(string.Create(CultureInfo.InvariantCulture,
                $"A ReLU Elman layer (H {options.HiddenSize}, T {options.Length}) with ρ(W_hh) = {clipping.InitialSpectralRadius:0.###}, ")))
            .Append(Encode(string.Create(CultureInfo.InvariantCulture,
                $"trained by SGD (learning rate {options.LearningRate}) on L = ½(R·h_T)² from the same weights, with and without clipping.")))
            .Append("</p>\n<figure>").Append(StateInspectionPage.InlineSvg(ChartFile.ToSvg(chart), "clipping-")).Append("</figure>\n")
            .Append("<table id=\"clipping-steps\">\n<tr><th>arm</th><th>step</th><th>loss</th><th>‖∂L/∂θ‖</th><th>applied</th><th>‖Δθ‖</th></tr>\n");
        foreach (var (arm, run) in new[] { ("clipped", clipping.Clipped), ("not clipped", clipping.Unclipped) })
            foreach (var step in run)
                html.Append("<tr><td>").Append(arm).Append("</td><td>").Append(step.Step.ToString(CultureInfo.InvariantCulture))
                    .Append("</td><td>").Append(Number(step.Loss)).Append("</td><td>").Append(Number(step.GradientNorm))
                    .Append("</td><td>").Append(Number(step.AppliedGradientNorm)).Append("</td><td>").Append(Number(step.UpdateNorm))
                    .Append("</td></tr>\n");
        html.Append("</table>\n</section>\n");
    }

    /// <summary>log₁₀ of a norm of each step, NaN after the arm stopped (its loss or gradient overflowed).</summary>
    private static double[] ByStep(IReadOnlyList<ClippingStep> run, int steps, Func<ClippingStep, double> norm) =>
        Enumerable.Range(0, steps).Select(i => i < run.Count ? Math.Log10(norm(run[i])) : double.NaN).ToArray();

    private static string Number(double value) => value.ToString("G4", CultureInfo.InvariantCulture);

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
