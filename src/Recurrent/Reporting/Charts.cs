namespace Recurrent.Reporting;

/// <summary>The charts a training run and a forecast report draw, built from plain arrays.</summary>
public static class Charts
{
    /// <summary>
    /// The training loss and, when given, the validation loss by epoch. NaN marks an epoch without a value (no validation
    /// that epoch): the line has a gap there.
    /// </summary>
    /// <param name="epochs">[epochs] the epoch numbers, in order.</param>
    /// <param name="trainingLoss">[epochs] the mean training loss of each epoch.</param>
    /// <param name="validationLoss">[epochs] the validation loss after each epoch, or null when the run had no validation part.</param>
    /// <param name="title">The chart's title.</param>
    public static LineChart LossCurves(
        IReadOnlyList<int> epochs, IReadOnlyList<double> trainingLoss, IReadOnlyList<double>? validationLoss = null,
        string title = "Training and validation loss")
    {
        ArgumentNullException.ThrowIfNull(epochs);
        ArgumentNullException.ThrowIfNull(trainingLoss);
        List<LineChartSeries> series = [new LineChartSeries("training loss", trainingLoss)];
        if (validationLoss is not null) series.Add(new LineChartSeries("validation loss", validationLoss));
        return new LineChart
        {
            Title = title,
            XAxisTitle = "Epoch",
            YAxisTitle = "Loss",
            X = ChartXValues.Numbers(epochs.Select(epoch => (double)epoch).ToArray()),
            Series = series,
        };
    }

    /// <summary>
    /// The forecasts against the actual values at the same times (dates, or step numbers via <see cref="ChartXValues.Numbers"/>),
    /// with the prediction interval as a band when both bounds are given. NaN marks a time without a value.
    /// </summary>
    /// <param name="times">[points] the time of each value.</param>
    /// <param name="actual">[points] the actual values, in original units.</param>
    /// <param name="predicted">[points] the forecasts of the same values.</param>
    /// <param name="lower">[points] the lower bound of the prediction interval, or null for none.</param>
    /// <param name="upper">[points] the upper bound of the prediction interval, or null for none.</param>
    /// <param name="title">The chart's title.</param>
    /// <param name="intervalName">The band's name in the legend, e.g. "90% interval".</param>
    /// <param name="valueName">The title of the value axis: what was forecast, in which units.</param>
    public static LineChart Forecast(
        ChartXValues times, IReadOnlyList<double> actual, IReadOnlyList<double> predicted,
        IReadOnlyList<double>? lower = null, IReadOnlyList<double>? upper = null,
        string title = "Forecast against actual values", string intervalName = "prediction interval", string valueName = "Value")
    {
        ArgumentNullException.ThrowIfNull(times);
        if ((lower is null) != (upper is null))
            throw new ArgumentException(
                "Charts.Forecast needs both bounds of the interval or neither: got only the " + (lower is null ? "upper" : "lower") + " one.",
                lower is null ? nameof(lower) : nameof(upper));
        return new LineChart
        {
            Title = title,
            XAxisTitle = times.AreDates ? "Time" : "Step",
            YAxisTitle = valueName,
            X = times,
            Series = [new LineChartSeries("actual", actual), new LineChartSeries("forecast", predicted)],
            Band = lower is null ? null : new IntervalBand(intervalName, lower, upper!),
        };
    }
}
