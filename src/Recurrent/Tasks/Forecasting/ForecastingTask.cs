using Recurrent.Autograd;
using Recurrent.Layers;
using Recurrent.Tensors;
using Recurrent.Training;

namespace Recurrent.Tasks.Forecasting;

/// <summary>
/// Training a <see cref="ForecastingModel"/> on windows of a series with the shared <see cref="Trainer"/>: mini-batches of
/// windows in an order drawn from each epoch's generator (windows shuffle within the training part only, which the caller
/// cut before the validation part), each batch's loss <see cref="ForecastingModel.Loss"/> (the mean squared error or the
/// pinball loss, in scaled space). Validation forecasts the held-out windows as the model will be used (the Recursive and
/// Seq2Seq strategies feed back their own predictions) and reports <c>loss</c>, the mean squared error of the point
/// forecasts over all H steps in scaled space, and with quantiles also <c>pinball</c>; early stopping and ReduceLROnPlateau
/// watch <c>valid_loss</c> through <see cref="TrainerOptions"/>. Throughput is counted in windows.
/// </summary>
public sealed class ForecastingTask : ITrainingTask<int[]>
{
    private readonly ForecastingModel model;
    private readonly SeriesWindows train;
    private readonly SeriesWindows? validation;
    private readonly int batchSize;

    /// <param name="model">the network to train.</param>
    /// <param name="train">the training windows, targets [Count, H] with H the model's horizon.</param>
    /// <param name="validation">the held-out windows (null or empty: no validation).</param>
    /// <param name="batchSize">windows per batch.</param>
    public ForecastingTask(ForecastingModel model, SeriesWindows train, SeriesWindows? validation, int batchSize)
    {
        ArgumentNullException.ThrowIfNull(model);
        CheckFits(model.Options, train, nameof(train));
        if (train.Count == 0)
            throw new ArgumentException("There are no training windows: the series is shorter than the lookback plus the horizon.", nameof(train));
        if (validation is not null) CheckFits(model.Options, validation, nameof(validation));
        if (batchSize < 1) throw new ArgumentOutOfRangeException(nameof(batchSize), $"The batch size must be at least 1, got {batchSize}.");
        this.model = model;
        this.train = train;
        this.validation = validation is { Count: > 0 } ? validation : null;
        this.batchSize = batchSize;
    }

    public Module Model => model;

    public bool HasValidation => validation is not null;

    public IReadOnlyList<int[]> TrainingBatches(Rng shuffle)
    {
        ArgumentNullException.ThrowIfNull(shuffle);
        var order = new int[train.Count];
        for (int i = 0; i < order.Length; i++) order[i] = i;
        shuffle.Shuffle(order.AsSpan());
        return order.Chunk(batchSize).ToArray();
    }

    public BatchLoss Loss(int[] batch)
    {
        var windows = WindowBatch.Gather(train, batch);
        return new BatchLoss(model.Loss(new Variable(windows.Inputs), windows.Targets), batch.Length);
    }

    public IReadOnlyDictionary<string, double> Validate()
    {
        if (validation is null) return new Dictionary<string, double>();
        var predictions = model.Predict(validation, validation.Horizon);                          // [N, H, Q]
        var targets = new Tensor(validation.Targets, validation.Count, validation.Horizon);
        int outputs = model.Options.OutputsPerStep, point = model.Options.PointIndex;
        double squares = 0;
        for (int i = 0; i < targets.Size; i++)
        {
            double error = predictions.Data[i * outputs + point] - targets.Data[i];
            squares += error * error;
        }
        var metrics = new Dictionary<string, double> { ["loss"] = squares / targets.Size };
        if (model.Options.Quantiles is { } levels)
            using (Tape.NoGrad())
                metrics["pinball"] = Ops.PinballLoss(new Variable(predictions), targets, levels).Value.Data[0];
        return metrics;
    }

    /// <summary>Throws unless the windows are whole and shaped as the model reads them.</summary>
    private static void CheckFits(ForecastingModelOptions options, SeriesWindows windows, string name)
    {
        WindowBatch.Check(windows, name);
        if (windows.Lookback != options.Lookback || windows.Features != options.Features || windows.Horizon != options.Horizon)
            throw new ArgumentException($"The {name} windows are [{windows.Lookback}, {windows.Features}] with horizon {windows.Horizon}, but the model " +
                $"reads ForecastingModelOptions.Lookback = {options.Lookback}, Features = {options.Features} and forecasts Horizon = {options.Horizon}.", name);
    }
}
