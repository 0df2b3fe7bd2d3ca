namespace Recurrent.Tasks.Forecasting;

/// <summary>Fills the unknown values of a column the way <see cref="SeriesFill"/> says.</summary>
internal static class SeriesGaps
{
    /// <summary>Fills every <paramref name="values"/>[i] whose <paramref name="known"/>[i] is false; at least one value is known.</summary>
    public static void Fill(double[] values, bool[] known, SeriesFill fill)
    {
        int first = Array.IndexOf(known, true);
        for (int i = 0; i < first; i++) values[i] = values[first];
        int previous = first;
        for (int i = first + 1; i < values.Length; i++)
        {
            if (!known[i]) continue;
            if (i - previous > 1) FillGap(values, previous, i, fill);
            previous = i;
        }
        for (int i = previous + 1; i < values.Length; i++) values[i] = values[previous];
    }

    /// <summary>Fills the positions strictly between the known <paramref name="before"/> and <paramref name="after"/>.</summary>
    private static void FillGap(double[] values, int before, int after, SeriesFill fill)
    {
        double start = values[before], end = values[after];
        for (int i = before + 1; i < after; i++)
            values[i] = fill == SeriesFill.Previous ? start : start + (end - start) * (i - before) / (after - before);
    }
}
