using System.Globalization;
using Recurrent.Reporting;

namespace Recurrent.Tests.Reporting;

/// <summary>The same chart gives the same bytes, whatever the machine's culture.</summary>
public sealed class ChartDeterminismTests
{
    [Fact]
    public void The_same_chart_gives_the_same_svg_twice()
    {
        Assert.Equal(ChartFile.ToSvg(ChartSamples.Forecast()), ChartFile.ToSvg(ChartSamples.Forecast()));
        Assert.Equal(ChartFile.ToSvg(ChartSamples.Attention()), ChartFile.ToSvg(ChartSamples.Attention()));
        Assert.Equal(ChartFile.ToSvg(ChartSamples.Gates()), ChartFile.ToSvg(ChartSamples.Gates()));
    }

    [Fact]
    public void A_German_culture_changes_no_byte_of_line_charts_or_heat_maps()
    {
        var charts = new Func<string>[]
        {
            () => ChartFile.ToSvg(ChartSamples.Forecast()),
            () => ChartFile.ToSvg(ChartSamples.LossCurves()),
            () => ChartFile.ToSvg(ChartSamples.Attention()),
            () => ChartFile.ToSvg(ChartSamples.Gates()),
        };
        string[] invariant = InCulture(CultureInfo.InvariantCulture, () => charts.Select(chart => chart()).ToArray());

        string[] german = InCulture(new CultureInfo("de-DE"), () =>
        {
            Assert.Equal("0,5", 0.5.ToString(CultureInfo.CurrentCulture));
            return charts.Select(chart => chart()).ToArray();
        });

        Assert.Equal(invariant, german);
        // The loss axis has decimal ticks, written with a point.
        Assert.Contains("0.5", new ChartSvg(german[1]).Texts);
    }

    private static T InCulture<T>(CultureInfo culture, Func<T> run)
    {
        var saved = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        try
        {
            CultureInfo.CurrentCulture = culture;
            CultureInfo.CurrentUICulture = culture;
            return run();
        }
        finally
        {
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = saved;
        }
    }
}
