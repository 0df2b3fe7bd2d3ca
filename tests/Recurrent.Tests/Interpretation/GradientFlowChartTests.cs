using Recurrent.Interpretation;
using Recurrent.Recurrence;
using Recurrent.Reporting;

namespace Recurrent.Tests.Interpretation;

public class GradientFlowChartTests
{
    private static readonly GradientFlowResult Elman =
        GradientFlow.Measure(new GradientFlowOptions { RecurrentSpectralRadius = 0.5, Length = 20, HiddenSize = 8 });

    private static readonly GradientFlowResult Lstm = GradientFlow.Measure(new GradientFlowOptions { Cell = CellKind.Lstm, Length = 20, HiddenSize = 8 });

    [Fact]
    public void Each_cell_has_a_line_and_the_Elman_cell_its_bound()
    {
        var chart = GradientFlowChart.Build([Elman, Lstm]);
        Assert.Equal(["rnn tanh, ρ 0.5 ‖∂L/∂h_t‖", "rnn tanh, ρ 0.5 bound", "lstm ‖∂L/∂h_t‖"], chart.Series.Select(s => s.Name));
        Assert.Equal(20, chart.X.Count);
    }

    [Fact]
    public void Values_are_base_10_logarithms_by_distance()
    {
        var chart = GradientFlowChart.Build([Elman]);
        Assert.Equal(Math.Log10(Elman.AtDistance(7).LossGradientNorm), chart.Series[0].Values[7], 1e-12);
        Assert.Equal(chart.Series[0].Values[0], chart.Series[1].Values[0], 1e-12); // the bound starts at ‖∂L/∂h_T‖
    }

    [Fact]
    public void The_chart_renders_as_SVG()
    {
        string svg = ChartFile.ToSvg(GradientFlowChart.Build([Elman, Lstm]));
        Assert.Contains("<svg", svg);
        Assert.Contains("Gradient flow through time", svg);
    }

    [Fact]
    public void Results_of_different_lengths_are_rejected()
    {
        var shorter = GradientFlow.Measure(new GradientFlowOptions { Length = 5, HiddenSize = 4 });
        var error = Assert.Throws<ArgumentException>(() => GradientFlowChart.Build([Elman, shorter]));
        Assert.Contains("20, 5", error.Message);
    }
}
