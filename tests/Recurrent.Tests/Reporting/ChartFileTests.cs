using Recurrent.Reporting;
using Recurrent.Tests.Serialization;

namespace Recurrent.Tests.Reporting;

public sealed class ChartFileTests
{
    [Fact]
    public void SaveSvg_writes_the_svg_as_utf8_without_a_byte_order_mark_and_no_temporary_file()
    {
        using var directory = new TempDirectory();
        string path = directory.File("forecast.svg");

        ChartFile.SaveSvg(ChartSamples.Forecast(), path);
        ChartFile.SaveSvg(ChartSamples.Attention(), directory.File("attention.svg"));

        byte[] bytes = File.ReadAllBytes(path);
        Assert.NotEqual(0xEF, bytes[0]);
        Assert.Equal(ChartFile.ToSvg(ChartSamples.Forecast()), System.Text.Encoding.UTF8.GetString(bytes));
        Assert.Contains("Attention", new ChartSvg(File.ReadAllText(directory.File("attention.svg"))).Texts);
        Assert.Equal(["attention.svg", "forecast.svg"], Directory.GetFiles(directory.Path).Select(Path.GetFileName).Order());
    }

    [Fact]
    public void SaveSvg_replaces_an_existing_file()
    {
        using var directory = new TempDirectory();
        string path = directory.File("loss.svg");
        File.WriteAllText(path, "old");

        ChartFile.SaveSvg(ChartSamples.LossCurves(), path);

        Assert.Contains("training loss", new ChartSvg(File.ReadAllText(path)).Texts);
    }

    [Fact]
    public void SaveSvg_into_a_missing_directory_names_it_and_a_refused_chart_leaves_the_old_file()
    {
        using var directory = new TempDirectory();
        string missing = Path.Combine(directory.Path, "no-such-directory", "chart.svg");
        string path = directory.File("chart.svg");
        File.WriteAllText(path, "old");

        var error = Assert.Throws<DirectoryNotFoundException>(() => ChartFile.SaveSvg(ChartSamples.Forecast(), missing));
        Assert.Throws<ArgumentException>(() => ChartFile.SaveSvg(ChartSamples.Forecast() with { Series = [] }, path));

        Assert.Contains("no-such-directory", error.Message, StringComparison.Ordinal);
        Assert.Equal("old", File.ReadAllText(path));
    }
}
