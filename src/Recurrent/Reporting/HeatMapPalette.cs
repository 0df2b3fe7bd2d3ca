namespace Recurrent.Reporting;

/// <summary>The colours a <see cref="HeatMapChart"/> draws its values in, from <see cref="HeatMapChart.ColorMinimum"/> to its maximum.</summary>
public enum HeatMapPalette
{
    /// <summary>Dark purple to bright yellow, brighter for larger values: for values on one side of zero (weights, gate activations).</summary>
    Viridis,

    /// <summary>Blue through white to red: for values either side of zero (hidden states, tanh outputs); centre the colour range on 0.</summary>
    Diverging,
}
