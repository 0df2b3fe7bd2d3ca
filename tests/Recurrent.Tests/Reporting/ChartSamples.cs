using Recurrent.Reporting;

namespace Recurrent.Tests.Reporting;

/// <summary>Small charts the reporting tests draw.</summary>
internal static class ChartSamples
{
    /// <summary>36 months from January 1958.</summary>
    public static DateTime[] Months { get; } = Enumerable.Range(0, 36).Select(i => new DateTime(1958, 1, 1).AddMonths(i)).ToArray();

    public static double[] Actual { get; } = Months.Select((_, i) => 300 + 50 * Math.Sin(i / 2.0) + 3.0 * i).ToArray();

    public static double[] Predicted { get; } = Actual.Select((value, i) => value + 10 * Math.Cos(i)).ToArray();

    /// <summary>A forecast of the airline-like series with a ±25 interval.</summary>
    public static LineChart Forecast() => Charts.Forecast(
        Months, Actual, Predicted, Predicted.Select(value => value - 25).ToArray(), Predicted.Select(value => value + 25).ToArray(),
        title: "Airline passengers", intervalName: "90% interval", valueName: "Passengers (thousands)");

    /// <summary>Losses of 20 epochs falling from 1 and 1.25.</summary>
    public static LineChart LossCurves() => Charts.LossCurves(
        Enumerable.Range(1, 20).ToArray(), Enumerable.Range(1, 20).Select(epoch => 1.0 / epoch).ToArray(),
        Enumerable.Range(1, 20).Select(epoch => 1.2 / epoch + 0.05).ToArray());

    /// <summary>Gate activations of 120 units over 100 steps: more cells than are drawn as rectangles, so one embedded image.</summary>
    public static HeatMapChart Gates()
    {
        int rows = 120, columns = 100;
        var values = new double[rows, columns];
        for (int row = 0; row < rows; row++)
            for (int column = 0; column < columns; column++) values[row, column] = Math.Sin(row * 0.1) * Math.Cos(column * 0.1);
        return new HeatMapChart
        {
            Title = "Gates over time",
            Values = values,
            RowLabels = Enumerable.Range(0, rows).Select(row => $"unit {row}").ToArray(),
            ColumnLabels = Enumerable.Range(0, columns).Select(column => $"t{column}").ToArray(),
        };
    }

    /// <summary>Attention weights of a 4-token translation of a 3-token sentence; the last cell has no value.</summary>
    public static HeatMapChart Attention()
    {
        var weights = new double[4, 3];
        for (int row = 0; row < 4; row++)
            for (int column = 0; column < 3; column++) weights[row, column] = (row * 3 + column) / 11.0;
        weights[3, 2] = double.NaN;
        return new HeatMapChart
        {
            Title = "Attention",
            XAxisTitle = "source token",
            YAxisTitle = "output token",
            ColorAxisTitle = "weight",
            Values = weights,
            RowLabels = ["hallo", "welt", ".", "<eos>"],
            ColumnLabels = ["hello", "world", "."],
        };
    }
}
