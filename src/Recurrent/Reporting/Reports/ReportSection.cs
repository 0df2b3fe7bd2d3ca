namespace Recurrent.Reporting.Reports;

/// <summary>
/// One part of a model directory's report.html: a heading and its HTML, self-contained (inline SVG, tables and CSS
/// classes of the report page; no script or file from the network).
/// </summary>
/// <param name="Title">The section's heading, as plain text ("Confusion matrix").</param>
/// <param name="Html">The section's body, an HTML fragment.</param>
public sealed record ReportSection(string Title, string Html);
