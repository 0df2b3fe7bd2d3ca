using System.Text.Json;
using System.Text.Json.Nodes;
using Recurrent.Serialization;

namespace Recurrent.Tasks.Forecasting;

/// <summary>
/// What turns a series into a forecaster's windows and its outputs back into the series' units, saved with the model
/// (config.json's "preprocessing" section): the columns read, the transform, the scalers fitted on the training part, the
/// look-back and horizon, and the split the model was trained and tested with.
/// </summary>
public sealed record ForecastPreprocessing
{
    /// <summary>The forecast column's name in the CSV header.</summary>
    public string ValueColumn { get; init; } = "";

    /// <summary>The exogenous columns, in the order they follow the target as features.</summary>
    public IReadOnlyList<string> ExogenousColumns { get; init; } = [];

    /// <summary>The transform as <see cref="SeriesTransform.Parse"/> reads it: "none", "log,seasonal-difference" …</summary>
    public string Transform { get; init; } = "none";

    /// <summary>The season in steps (the seasonal difference's lag, the seasonal naive baseline's and MASE's season).</summary>
    public int Season { get; init; } = 1;

    /// <summary>The target's scaler, fitted on the training part of the transformed target.</summary>
    public SeriesScaler TargetScaler { get; init; } = SeriesScaler.Identity;

    /// <summary>Each exogenous column's scaler, fitted on the training part.</summary>
    public IReadOnlyList<SeriesScaler> ExogenousScalers { get; init; } = [];

    /// <summary>Steps each window reads.</summary>
    public int Lookback { get; init; } = 1;

    /// <summary>Steps forecast from each origin.</summary>
    public int Horizon { get; init; } = 1;

    /// <summary>The test part, the last fraction of the series (<see cref="SeriesSplit"/>).</summary>
    public double TestFraction { get; init; } = SeriesSplit.DefaultTestFraction;

    /// <summary>The validation part, this fraction of what precedes the test part.</summary>
    public double ValidationFraction { get; init; } = SeriesSplit.DefaultValidationFraction;

    /// <summary>The frequency of the training data, as said in the output ("monthly", "daily" …).</summary>
    public string Frequency { get; init; } = "";

    /// <summary>The transform as an object.</summary>
    public SeriesTransform ParsedTransform() => SeriesTransform.Parse(Transform, Season);

    /// <summary>The split of a series of <paramref name="length"/> steps with the fractions the model was trained with.</summary>
    public SeriesSplit Split(int length) => new(length, TestFraction, ValidationFraction);

    /// <summary>The windows of <paramref name="series"/> made with the saved transform and scalers (not fitted again).</summary>
    public SeriesWindowing Windowing(TimeSeries series)
    {
        ArgumentNullException.ThrowIfNull(series);
        if (series.Exogenous.Count != ExogenousColumns.Count)
            throw new ArgumentException($"The model reads {ExogenousColumns.Count} exogenous column(s) ({string.Join(", ", ExogenousColumns)}), " +
                $"the series '{series.Name}' has {series.Exogenous.Count}.");
        return new SeriesWindowing(series, Split(series.Length), ParsedTransform(), TargetScaler, ExogenousScalers, Lookback, Horizon);
    }

    /// <summary>Throws an <see cref="ArgumentException"/> naming the entry that cannot be right.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(ValueColumn)) throw new ArgumentException("ForecastPreprocessing.ValueColumn is empty.");
        if (Season < 1) throw new ArgumentException($"ForecastPreprocessing.Season must be at least 1, got {Season}.");
        if (Lookback < 1 || Horizon < 1)
            throw new ArgumentException($"ForecastPreprocessing.Lookback and Horizon must be at least 1, got {Lookback} and {Horizon}.");
        if (ExogenousScalers.Count != ExogenousColumns.Count)
            throw new ArgumentException($"ForecastPreprocessing has {ExogenousColumns.Count} exogenous columns but {ExogenousScalers.Count} scalers.");
        foreach (var scaler in ExogenousScalers.Prepend(TargetScaler))
            if (!double.IsFinite(scaler.Shift) || !double.IsFinite(scaler.Scale) || scaler.Scale == 0)
                throw new ArgumentException($"ForecastPreprocessing has a scaler with shift {scaler.Shift} and scale {scaler.Scale}; " +
                    "the scale must be finite and not 0.");
        _ = new SeriesSplit(Math.Max(100, Lookback + Horizon + 10), TestFraction, ValidationFraction); // the fractions' own checks
        _ = ParsedTransform();
    }

    /// <summary>As the "preprocessing" section of config.json.</summary>
    public JsonObject ToJson() => JsonSerializer.SerializeToNode(this, ModelConfig.JsonOptions)!.AsObject();

    /// <summary>The preprocessing saved with <paramref name="forecaster"/>; a section that is missing or wrong is an
    /// <see cref="InvalidDataException"/> saying what.</summary>
    public static ForecastPreprocessing Of(Forecaster forecaster)
    {
        ArgumentNullException.ThrowIfNull(forecaster);
        try
        {
            var preprocessing = forecaster.Preprocessing.Deserialize<ForecastPreprocessing>(ModelConfig.JsonOptions)
                ?? throw new InvalidDataException("config.json has no preprocessing section; retrain the model with this version.");
            preprocessing.Validate();
            return preprocessing;
        }
        catch (Exception e) when (e is JsonException or ArgumentException)
        {
            throw new InvalidDataException($"config.json's preprocessing section is not usable: {e.Message}", e);
        }
    }
}
