using System.Globalization;
using Recurrent.Reporting;

namespace Recurrent.Interpretation;

/// <summary>
/// The heat maps of a <see cref="StateInspection"/>: per layer and direction one for h_t, one for c_t (LSTM) and one per gate,
/// each with the tokens along the horizontal axis and the hidden units down the vertical one. Values either side of zero
/// (h_t, c_t, the tanh candidates C̃ and ñ) are drawn on a diverging scale centred on 0 (h_t and the candidates from −1 to 1,
/// c_t to its largest magnitude when that is above 1), σ gates on Viridis from 0 to 1.
/// </summary>
public static class StateHeatMaps
{
    /// <summary>Every matrix of <paramref name="inspection"/> as a chart, layer by layer and direction by direction: h, c, then the gates.</summary>
    /// <param name="inspection">the states and gates to draw.</param>
    /// <param name="palette">when given, every map is drawn in it over the same colour range (e.g. h_t on Viridis from −1 to 1);
    /// null for the palette that suits each matrix.</param>
    public static IReadOnlyList<StateHeatMap> Of(StateInspection inspection, HeatMapPalette? palette = null)
    {
        ArgumentNullException.ThrowIfNull(inspection);
        var maps = InSuitedPalettes(inspection);
        return palette is { } chosen ? maps.Select(map => map with { Chart = map.Chart with { Palette = chosen } }).ToList() : maps;
    }

    private static List<StateHeatMap> InSuitedPalettes(StateInspection inspection)
    {
        var tokens = inspection.Tokens;
        var maps = new List<StateHeatMap>();
        foreach (var states in inspection.Layers)
        {
            string where = $"Layer {states.Layer}, {states.DirectionName}";
            maps.Add(Map(states, "h", $"{where}: hidden state h_t", Diverging(states.Hidden, tokens, 1)));
            if (states.Cell is { } cell)
                maps.Add(Map(states, "c", $"{where}: cell state c_t", Diverging(cell, tokens, Math.Max(1, LargestMagnitude(cell)))));
            foreach (var gate in states.Gates)
            {
                var chart = gate.Gate.Activation == GateActivation.Tanh
                    ? Diverging(gate.Values, tokens, 1)
                    : Chart(gate.Values, tokens) with { ColorMinimum = 0, ColorMaximum = 1 };
                string name = gate.Gate.TraceKey.Replace('_', ' ');
                maps.Add(Map(states, gate.Gate.Symbol, $"{where}: {gate.Gate.Symbol} ({name})", chart));
            }
        }
        return maps;
    }

    private static StateHeatMap Map(LayerDirectionStates states, string matrix, string title, HeatMapChart chart) =>
        new(states.Layer, states.Direction, matrix, chart with { Title = title, ColorAxisTitle = matrix });

    /// <summary>A chart on the diverging scale from −<paramref name="bound"/> to <paramref name="bound"/>.</summary>
    private static HeatMapChart Diverging(Tensor values, IReadOnlyList<string> tokens, double bound) =>
        Chart(values, tokens) with { Palette = HeatMapPalette.Diverging, ColorMinimum = -bound, ColorMaximum = bound };

    /// <summary>A [T, H] matrix transposed to the chart's [H, T] cells: units 0 … H − 1 down, tokens across; <see cref="Map"/> sets the titles.</summary>
    private static HeatMapChart Chart(Tensor values, IReadOnlyList<string> tokens)
    {
        int steps = values.Dim(0), units = values.Dim(1);
        var cells = new double[units, steps];
        for (int t = 0; t < steps; t++)
            for (int unit = 0; unit < units; unit++) cells[unit, t] = values[t, unit];
        return new HeatMapChart
        {
            Title = "",
            XAxisTitle = "token",
            YAxisTitle = "unit",
            Values = cells,
            RowLabels = Enumerable.Range(0, units).Select(unit => unit.ToString(CultureInfo.InvariantCulture)).ToArray(),
            ColumnLabels = tokens,
        };
    }

    private static double LargestMagnitude(Tensor values)
    {
        float largest = 0;
        foreach (float value in values.ReadOnlySpan) largest = Math.Max(largest, Math.Abs(value));
        return largest;
    }
}
