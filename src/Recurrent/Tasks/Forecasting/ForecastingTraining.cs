using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Recurrent.Recurrence;
using Recurrent.Serialization;
using Recurrent.Tensors;
using Recurrent.Training;

namespace Recurrent.Tasks.Forecasting;

/// <summary>
/// Forecasting from a CSV series to a saved forecaster: read the series, split it in time order, choose the transform on
/// the validation part (or take the one given), scale on the training part, cut windows, train the recurrent network with
/// the shared <see cref="Trainer"/> (validation loss every epoch, early stopping, the best epoch kept), score it and the
/// baselines on the test part, and save it with its preprocessing and the test part's evaluation
/// (<see cref="ForecastEvaluationSummary"/>, for the report).
/// </summary>
public static class ForecastingTraining
{
    public static ForecastingRun Run(ForecastingTrainingOptions options, ITrainingProgress? progress = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var clock = Stopwatch.StartNew();
        return TaskTraining.Run(options.Trainer,
            trainer => Train(options with { Trainer = trainer }, progress ?? SilentProgress.Instance, cancellation, clock));
    }

    private static (ForecastingRun, Action<string>) Train(ForecastingTrainingOptions options, ITrainingProgress progress,
        CancellationToken cancellation, Stopwatch clock)
    {
        var series = TimeSeriesReader.Read(options.DataPath, options.Read);
        var frequency = options.Season is { } season ? series.Frequency.WithSeason(season) : series.Frequency;
        progress.Message($"data: {series.Length:N0} values of '{series.Name}' from {options.DataPath}, {frequency.Description}" +
                         (series.Times is { } times ? $", {frequency.Format(times[0])} … {frequency.Format(times[^1])}" : "") +
                         (series.Exogenous.Count > 0 ? $"; exogenous: {string.Join(", ", series.Exogenous.Select(c => c.Name))}" : ""));
        int lookback = options.LookbackFor(frequency.Season);
        var split = new SeriesSplit(series.Length, options.TestFraction, options.ValidationFraction);
        progress.Message($"split: training steps 0–{split.ValidationStart - 1}, validation {split.ValidationStart}–{split.TestStart - 1}, " +
                         $"test {split.TestStart}–{series.Length - 1} (in time order); look-back {lookback}, horizon {options.Horizon}");
        var (transform, choice) = ChooseTransform(options, series, split, lookback, frequency.Season);
        progress.Message(choice?.Explanation ?? $"transform: {transform}");

        var windowing = new SeriesWindowing(series, split, transform, options.Scaling, lookback, options.Horizon);
        var train = windowing.Windows(SeriesPart.Train);
        var validation = windowing.Windows(SeriesPart.Validation);
        var preprocessing = new ForecastPreprocessing
        {
            ValueColumn = series.Name, ExogenousColumns = series.Exogenous.Select(c => c.Name).ToList(), Transform = transform.ToString(),
            Season = frequency.Season, TargetScaler = windowing.TargetScaler, ExogenousScalers = windowing.ExogenousScalers, Lookback = lookback,
            Horizon = options.Horizon, TestFraction = options.TestFraction, ValidationFraction = options.ValidationFraction,
            Frequency = frequency.Description,
        };
        var modelOptions = options.Model with { Features = windowing.Features, Lookback = lookback, Horizon = options.Horizon };
        var network = new ForecastingModel(modelOptions, new Rng(options.Seed));
        if (modelOptions.HasLinearSkip) StartFromAutoregression(network, windowing, split, lookback, progress);
        progress.Message($"windows: {train.Count:N0} training, {validation.Count:N0} validation; model: {Describe(modelOptions)}, " +
                         $"{network.ParameterCount():N0} parameters");

        var task = new ForecastingTask(network, train, validation, options.BatchSize);
        var result = Trainer.Fit(task, options.Trainer, progress, cancellation);
        network.Eval();
        var forecaster = new Forecaster(network, preprocessing.ToJson());
        var test = ForecastEvaluator.Evaluate(forecaster, series);
        var (naive, naiveScores) = test.BestNaive;
        progress.Message($"test: RMSE {Number(test.Model.Rmse)} over {test.Model.TestPoints:N0} forecasts " +
                         $"({naive} {Number(naiveScores.Rmse)}, linear-ar {Number(test.Baselines["linear-ar"].Rmse)})");
        var run = new ForecastingRun(series, forecaster, preprocessing, result, choice, test, train.Count, validation.Count, clock.Elapsed);
        return (run, path =>
        {
            forecaster.Save(path, Summary(options, run));
            EvaluationFile.Save(path, ForecastEvaluationSummary.Of(series, test, lookback));
        });
    }

    /// <summary>The linear term fitted by least squares on the training windows, the head zeroed (see
    /// <see cref="ForecastingModel.StartFromAutoregression"/>).</summary>
    private static void StartFromAutoregression(ForecastingModel network, SeriesWindowing windowing, SeriesSplit split, int lookback,
        ITrainingProgress progress)
    {
        int steps = network.Options.Strategy == ForecastStrategy.Direct ? network.Options.Horizon : 1;
        var scaled = windowing.Transformed.Select(windowing.TargetScaler.Transform).ToArray();
        int[] origins = split.Origins(SeriesPart.Train, windowing.FirstOrigin, steps);
        network.StartFromAutoregression(LinearAutoregression.Fit(scaled, origins, lookback, steps));
        progress.Message($"linear term: a least-squares autoregression on the {origins.Length:N0} training windows, which the network starts from");
    }

    /// <summary>The transform given, or the one chosen on the validation part with the reason.</summary>
    private static (SeriesTransform, SeriesTransformChoice?) ChooseTransform(ForecastingTrainingOptions options, TimeSeries series, SeriesSplit split,
        int lookback, int season)
    {
        if (!options.Transform.Equals("auto", StringComparison.OrdinalIgnoreCase)) return (SeriesTransform.Parse(options.Transform, season), null);
        var choice = SeriesTransformChoice.Select(series, split, lookback, season);
        return (choice.Transform, choice);
    }

    /// <summary>"lstm 2x64, direct strategy".</summary>
    public static string Describe(ForecastingModelOptions model) =>
        $"{RecurrentCells.NameOf(model.Cell)} {(model.Bidirectional ? "bidirectional " : "")}{model.NumLayers}x{model.HiddenSize}, " +
        $"{model.Strategy.ToString().ToLowerInvariant()} strategy" +
        (model.Quantiles is { } q ? $", quantiles {string.Join("/", q.Select(l => l.ToString(CultureInfo.InvariantCulture)))}" : "");

    private static string Number(double value) => value.ToString("G4", CultureInfo.InvariantCulture);

    private static JsonObject Summary(ForecastingTrainingOptions options, ForecastingRun run)
    {
        var json = new JsonObject
        {
            ["data"] = Path.GetFullPath(options.DataPath),
            ["train_windows"] = run.TrainWindows,
            ["validation_windows"] = run.ValidationWindows,
            ["batch_size"] = options.BatchSize,
        };
        TrainingSummary.AddTrainer(json, options.Trainer, run.Training, options.Seed, run.Elapsed);
        json["test"] = run.Test.ToJson();
        if (run.TransformChoice is { } choice) json["transform_choice"] = choice.Explanation;
        return json;
    }
}
