using Recurrent.Training;

namespace Recurrent.Tasks.Forecasting;

/// <summary>
/// Everything a forecasting run needs: the series and its columns, the split, the transform and scaling, the windows, the
/// network and the trainer's settings.
/// </summary>
public sealed record ForecastingTrainingOptions
{
    /// <summary>A CSV series with a header row (<see cref="TimeSeriesReader"/>).</summary>
    public string DataPath { get; init; } = "";

    /// <summary>Which columns to read and how to fill gaps.</summary>
    public TimeSeriesReadOptions Read { get; init; } = new();

    /// <summary>The last fraction of the series held out for testing (never trained on, never used to choose anything).</summary>
    public double TestFraction { get; init; } = SeriesSplit.DefaultTestFraction;

    /// <summary>The fraction of the part before the test part that validates: early stopping, the learning-rate schedule,
    /// the automatic transform.</summary>
    public double ValidationFraction { get; init; } = SeriesSplit.DefaultValidationFraction;

    /// <summary>The season in steps; null takes the one of the inferred frequency (monthly 12, daily 7 …, 1 without dates).</summary>
    public int? Season { get; init; }

    /// <summary>"auto" (chosen on the validation part, <see cref="SeriesTransformChoice"/>), "none", or steps such as
    /// "log,seasonal-difference" (<see cref="SeriesTransform.Parse"/>).</summary>
    public string Transform { get; init; } = "auto";

    /// <summary>How the transformed target and the exogenous columns are scaled, fitted on the training part.</summary>
    public SeriesScalerKind Scaling { get; init; } = SeriesScalerKind.Standard;

    /// <summary>Steps each window reads; null: two seasons (the classic choice for seasonal series), and at least twice the
    /// horizon and 16 steps.</summary>
    public int? Lookback { get; init; }

    /// <summary>Steps forecast from each origin.</summary>
    public int Horizon { get; init; } = 1;

    /// <summary>The network; its look-back, horizon and feature count are filled in from the data.</summary>
    public ForecastingModelOptions Model { get; init; } = new();

    /// <summary>Windows per batch.</summary>
    public int BatchSize { get; init; } = 32;

    /// <summary>Adam at 1e-3, gradients clipped to norm 1, up to 200 epochs with early stopping after 20 without a better
    /// validation loss, keeping the best epoch's weights.</summary>
    public TrainerOptions Trainer { get; init; } = new()
    {
        LearningRate = 1e-3f, ClipNorm = 1f, Epochs = 200, EarlyStoppingPatience = 20, RestoreBestWeights = true,
    };

    /// <summary>Seeds the weights, the order of the windows and dropout.</summary>
    public ulong Seed { get; init; } = 1;

    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(DataPath)) throw new ArgumentException("No series given (ForecastingTrainingOptions.DataPath).");
        Read.Validate();
        if (!(TestFraction > 0 && TestFraction < 1))
            throw new ArgumentException($"ForecastingTrainingOptions.TestFraction must be between 0 and 1 (exclusive), got {TestFraction}.");
        if (!(ValidationFraction >= 0 && ValidationFraction < 1))
            throw new ArgumentException($"ForecastingTrainingOptions.ValidationFraction must be at least 0 and below 1, got {ValidationFraction}.");
        if (Season is < 1) throw new ArgumentException($"ForecastingTrainingOptions.Season must be at least 1, got {Season}.");
        if (Lookback is < 1) throw new ArgumentException($"ForecastingTrainingOptions.Lookback must be at least 1, got {Lookback}.");
        if (Horizon < 1) throw new ArgumentException($"ForecastingTrainingOptions.Horizon must be at least 1, got {Horizon}.");
        if (!Enum.IsDefined(Scaling)) throw new ArgumentException($"ForecastingTrainingOptions.Scaling has no member with value {(int)Scaling}.");
        if (!Transform.Equals("auto", StringComparison.OrdinalIgnoreCase)) _ = SeriesTransform.Parse(Transform, Season ?? 2);
        if (BatchSize < 1) throw new ArgumentException($"ForecastingTrainingOptions.BatchSize must be at least 1, got {BatchSize}.");
        Model.Validate();
        Trainer.Validate();
    }

    /// <summary>The look-back for a series with <paramref name="season"/>: <see cref="Lookback"/>, or two seasons, but at least twice
    /// the horizon (a window shorter than what it forecasts sees too little of a cycle) and 16 steps.</summary>
    public int LookbackFor(int season) => Lookback ?? Math.Max(2 * season, Math.Max(2 * Horizon, 16));
}
