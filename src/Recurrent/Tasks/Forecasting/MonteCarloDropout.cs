namespace Recurrent.Tasks.Forecasting;

/// <summary>
/// Prediction intervals from Monte-Carlo dropout (Gal &amp; Ghahramani 2016): the model forecasts each window
/// <c>passes</c> times with dropout active, each pass drawing new masks, and the spread of the point forecasts estimates the
/// model's uncertainty. A model without dropout gives the same forecast every pass, so a spread of 0.
/// </summary>
public static class MonteCarloDropout
{
    /// <summary>
    /// The mean and empirical quantiles of <paramref name="passes"/> stochastic forecasts of every window. The masks are drawn
    /// from the model's own dropout generators, which advance.
    /// </summary>
    /// <param name="model">a forecasting model; its mode is put back afterwards.</param>
    /// <param name="windows">inputs [Count, T, F].</param>
    /// <param name="passes">forward passes, at least 2.</param>
    /// <param name="levels">quantile levels in [0, 1], e.g. 0.05 and 0.95 for a 90% interval.</param>
    /// <param name="steps">S, as for <see cref="ForecastingModel.Predict"/>.</param>
    public static ForecastDistribution Predict(ForecastingModel model, SeriesWindows windows, int passes, float[] levels, int? steps = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(levels);
        if (passes < 2)
            throw new ArgumentOutOfRangeException(nameof(passes), $"MonteCarloDropout.Predict: passes must be at least 2 to give a spread, got {passes}.");
        foreach (float level in levels)
            if (!(level >= 0f && level <= 1f))
                throw new ArgumentOutOfRangeException(nameof(levels), $"MonteCarloDropout.Predict: quantile level {level} is outside [0, 1].");
        var draws = new Tensor[passes];                                                             // [Count, S] each
        bool wasTraining = model.Training;
        model.Train();
        model.DropoutActive = true;
        try
        {
            for (int p = 0; p < passes; p++) draws[p] = model.PredictPoints(windows, steps);
        }
        finally
        {
            model.DropoutActive = false;
            model.Train(wasTraining);
        }
        return Summarise(draws, levels);
    }

    /// <summary>Mean [N, S] and quantiles [N, S, K] over the draws, element by element.</summary>
    private static ForecastDistribution Summarise(Tensor[] draws, float[] levels)
    {
        int rows = draws[0].Dim(0), horizon = draws[0].Dim(1), size = rows * horizon;
        var mean = new Tensor(rows, horizon);
        var quantiles = new Tensor(rows, horizon, levels.Length);
        var values = new float[draws.Length];
        for (int i = 0; i < size; i++)
        {
            double sum = 0;
            for (int p = 0; p < draws.Length; p++) sum += values[p] = draws[p].Data[i];
            mean.Data[i] = (float)(sum / draws.Length);
            Array.Sort(values);
            for (int k = 0; k < levels.Length; k++) quantiles.Data[i * levels.Length + k] = Quantile(values, levels[k]);
        }
        return new ForecastDistribution(mean, quantiles, (float[])levels.Clone(), draws.Length);
    }

    /// <summary>The <paramref name="level"/> quantile of sorted values, interpolating linearly between order statistics.</summary>
    private static float Quantile(float[] sorted, float level)
    {
        double position = level * (sorted.Length - 1);
        int below = (int)Math.Floor(position), above = Math.Min(below + 1, sorted.Length - 1);
        return (float)(sorted[below] + (position - below) * (sorted[above] - sorted[below]));
    }
}
