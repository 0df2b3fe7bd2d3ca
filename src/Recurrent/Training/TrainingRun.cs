using System.Diagnostics;
using System.Text.Json.Nodes;
using Recurrent.Autograd;
using Recurrent.Layers;
using Recurrent.Serialization;

namespace Recurrent.Training;

/// <summary>
/// One call of <see cref="Trainer.Fit{TBatch}"/>, step by step: <see cref="Resume"/>, then per epoch
/// <see cref="TrainEpoch"/> (each batch <see cref="TrainBatch"/>, a validation when due, a stop inside the epoch when
/// cancelled or out of time, a checkpoint when due) and <see cref="EndEpoch"/>; <see cref="Finish"/> closes the run.
/// Everything a checkpoint saves about where the run stands is in <see cref="state"/>.
/// </summary>
internal sealed class TrainingRun<TBatch>
{
    private readonly ITrainingTask<TBatch> task;
    private readonly TrainerOptions options;
    private readonly ITrainingProgress progress;
    private readonly CancellationToken cancellation;
    private readonly Module model;
    private readonly Optimizer optimizer;
    private readonly LearningRateSchedule? schedule;
    private readonly ReduceLROnPlateau? plateau;
    private readonly EarlyStopping earlyStopping;

    /// <summary>The monitored metric: it decides plateaus, early stopping and the best epoch.</summary>
    private readonly string monitor;

    private RunState state = new();
    private List<EpochRecord> history = [];
    private IReadOnlyDictionary<string, Tensors.Tensor>? carriedState;

    // Clocks: the run's (from this call; earlier calls are in elapsedBefore) and the epoch's (training and the validation
    // at its end; validations inside it are left out).
    private readonly Stopwatch runClock = new();
    private Stopwatch epochClock = new();
    private double elapsedBefore;
    private double lastCheckpointSeconds;
    private double previousTrainSeconds;
    private double epochSecondsBefore;
    private int firstBatch;

    public TrainingRun(ITrainingTask<TBatch> task, TrainerOptions options, ITrainingProgress progress, CancellationToken cancellation)
    {
        this.task = task;
        this.options = options;
        this.progress = progress;
        this.cancellation = cancellation;
        model = task.Model;
        optimizer = OptimizerFactory.Create(options.Optimizer, model.TrainableParameters(), options.LearningRate, options.WeightDecay);
        schedule = CreateSchedule(() => task.TrainingBatches(Trainer.EpochShuffle(options.Seed, 0)).Count);
        monitor = options.Monitor ?? (task.HasValidation ? "valid_loss" : "train_loss");
        // Losses and perplexities are better lower; accuracy, F1, BLEU … higher.
        var mode = monitor.EndsWith("loss", StringComparison.Ordinal) || monitor.EndsWith("perplexity", StringComparison.Ordinal)
            ? MonitorMode.Min : MonitorMode.Max;
        plateau = options.ReduceLearningRatePatience is { } plateauPatience
            ? new ReduceLROnPlateau(optimizer, new ReduceLROnPlateauOptions
            {
                Mode = mode, Patience = plateauPatience, Factor = options.ReduceLearningRateFactor,
                MinLearningRate = options.MinLearningRate,
            })
            : null;
        earlyStopping = new EarlyStopping(model.TrainableParameters(), new EarlyStoppingOptions
        {
            Mode = mode, Patience = options.EarlyStoppingPatience ?? int.MaxValue, MinDelta = options.EarlyStoppingMinDelta,
            RestoreBestWeights = options.RestoreBestWeights,
        });
    }

    /// <summary>The whole run: resume, the epochs, and the result.</summary>
    public TrainingResult Run()
    {
        Resume();
        runClock.Start();
        elapsedBefore = state.ElapsedSeconds;
        lastCheckpointSeconds = elapsedBefore;
        previousTrainSeconds = TrainSeconds();
        for (int epoch = state.Epoch; epoch < options.Epochs; epoch++)
        {
            if (TrainEpoch(epoch) is { } stoppedInside) return Finish(stoppedInside, midEpoch: true);
            if (EndEpoch(epoch) is { } stoppedAfter) return Finish(stoppedAfter, midEpoch: false);
        }
        return Finish(StopReason.Completed, midEpoch: false);
    }

    /// <summary>
    /// Starts the metrics log afresh, or, with <see cref="TrainerOptions.Resume"/> and a checkpoint in the directory,
    /// restores the model, optimizer, schedules and early stopping from it and rewrites the log from its history.
    /// </summary>
    private void Resume()
    {
        if (options.Directory is not null)
        {
            Directory.CreateDirectory(options.Directory);
            // A fresh run starts a fresh log; a resumed one appends to it.
            string log = Path.Combine(options.Directory, ModelDirectory.MetricsFileName);
            if (!options.Resume && File.Exists(log)) File.Delete(log);
        }
        if (options.Resume && options.Directory is not null && Checkpoint.Exists(options.Directory))
        {
            state = Checkpoint.Load(options.Directory, model, optimizer, earlyStopping);
            if (state.Schedule is not null) schedule?.LoadState(state.Schedule);
            if (state.Plateau is not null) plateau?.LoadState(state.Plateau);
            if (state.EarlyStopping is not null) earlyStopping.LoadState(state.EarlyStopping);
            RewriteLog(options.Directory);
            progress.Message($"resumed from {Path.Combine(options.Directory, "checkpoint")} at epoch {state.Epoch + 1}, " +
                             $"batch {state.BatchInEpoch + 1}");
        }
        history = state.History.Select(m => new EpochRecord(m)).ToList();
        carriedState = task is ICarriedStateTask && state.BatchInEpoch > 0 && options.Directory is not null
            ? Checkpoint.LoadCarriedState(options.Directory)
            : null;
    }

    /// <summary>
    /// The log rewritten from the checkpoint's history, dropping any epoch logged after the checkpoint was taken;
    /// a validation inside an epoch goes before the end of its epoch.
    /// </summary>
    private void RewriteLog(string directory)
    {
        var logged = state.History.Concat(state.Validations)
            .OrderBy(m => m["epoch"]).ThenBy(m => m.GetValueOrDefault("batch", double.MaxValue));
        AtomicFile.WriteAllText(Path.Combine(directory, ModelDirectory.MetricsFileName),
            string.Concat(logged.Select(m => ToJson(m).ToJsonString() + "\n")));
    }

    /// <summary>The batches of epoch <paramref name="epoch"/> (0-based) from where the run stands; a stop reason when it stopped inside.</summary>
    private StopReason? TrainEpoch(int epoch)
    {
        var batches = task.TrainingBatches(Trainer.EpochShuffle(options.Seed, epoch));
        if (carriedState is not null) ((ICarriedStateTask)task).LoadCarriedState(carriedState);
        carriedState = null;
        progress.EpochStarted(epoch + 1, options.Epochs, batches.Count);
        epochClock = Stopwatch.StartNew();
        epochSecondsBefore = state.EpochSeconds;
        firstBatch = state.BatchInEpoch;
        for (int b = state.BatchInEpoch; b < batches.Count; b++)
        {
            TrainBatch(batches[b], epoch, b);
            ReportBatch(b, batches.Count);
            bool last = b + 1 == batches.Count;
            // Validations inside the epoch, each saved as a checkpoint; the one at its end is EndEpoch's.
            bool saved = ValidateIfDue(epoch, last);
            if (last) continue;
            if (StopRequested() is { } reason)
            {
                StopInsideEpoch(epoch, b, reason, saved);
                return reason;
            }
            if (!saved && CheckpointDue()) CommitCheckpoint();
        }
        return null;
    }

    /// <summary>Loss → BPTT → clipping → optimizer step → schedule step, for batch <paramref name="b"/> (0-based) of the epoch.</summary>
    private void TrainBatch(TBatch batch, int epoch, int b)
    {
        optimizer.ZeroGrad();
        // Nothing reads the batch's intermediate gradients or large values after the backward pass: their storage serves the next batch.
        using (new Tape { ReuseGradientStorage = true, ReuseValueStorage = true, PackWeightsOnce = true })
        {
            var loss = task.Loss(batch);
            float value = loss.Loss.Value.Data[0];
            if (!float.IsFinite(value))
                throw new TrainingDivergedException(
                    $"The loss became {value} at epoch {epoch + 1}, batch {b + 1}. Training stopped; {WhatIsKept()} " +
                    "Lower the learning rate (TrainerOptions.LearningRate) or clip the gradients (TrainerOptions.ClipNorm).");
            loss.Loss.Backward();
            state.LossSum += value;
            state.LossCount++;
            state.Tokens += loss.Tokens;
        }
        var (norm, gradientScale) = ClipGradients();
        RecordGradientNorm(norm);
        optimizer.Step(gradientScale);
        if (schedule is CosineSchedule cosine) cosine.Step(runClock.Elapsed);
        else schedule?.Step();
        state.BatchInEpoch = b + 1;
        state.Step++;
    }

    /// <summary>
    /// Clips the gradients as the options say and returns their global norm before any clipping, and the factor the
    /// optimizer step still has to scale them by: clipping by norm alone measures the norm anyway and leaves the scaling to
    /// the step (<see cref="Optimizer.Step(float)"/>); otherwise the norm is measured first (one pass over the gradients,
    /// small beside backward) and the gradients are clipped in place.
    /// </summary>
    private (float Norm, float GradientScale) ClipGradients()
    {
        var parameters = optimizer.Parameters;
        if (options.ClipValue is null && options.ClipNorm is { } normOnly) return GradientClipping.GlobalNormScale(parameters, normOnly);
        float norm = GradientClipping.GlobalNorm(parameters);
        if (options.ClipValue is { } clipValue) GradientClipping.ClipByValue(parameters, clipValue);
        if (options.ClipNorm is { } clipNorm) GradientClipping.ClipByGlobalNorm(parameters, clipNorm);
        return (norm, 1f);
    }

    /// <summary>Adds a step's gradient norm to the epoch's mean and maximum (the step is counted by <see cref="RunState.LossCount"/>).</summary>
    private void RecordGradientNorm(float norm)
    {
        state.GradNormSum += norm;
        state.GradNormMax = Math.Max(state.GradNormMax, norm);
    }

    /// <summary>grad_norm and grad_norm_max: the mean and largest global gradient norm before clipping over the epoch's steps so far.</summary>
    private void AddGradientNorm(Dictionary<string, double> metrics)
    {
        metrics["grad_norm"] = state.LossCount == 0 ? double.NaN : state.GradNormSum / state.LossCount;
        metrics["grad_norm_max"] = state.LossCount == 0 ? double.NaN : state.GradNormMax;
    }

    /// <summary>The running loss, throughput and time left in the epoch after batch <paramref name="b"/> (0-based).</summary>
    private void ReportBatch(int b, int batchCount)
    {
        double seconds = epochSecondsBefore + epochClock.Elapsed.TotalSeconds;
        double secondsPerBatch = epochClock.Elapsed.TotalSeconds / (b + 1 - firstBatch);
        progress.BatchCompleted(b + 1, batchCount, state.LossSum / state.LossCount, state.Tokens / Math.Max(seconds, 1e-9),
            TimeSpan.FromSeconds(secondsPerBatch * (batchCount - b - 1)));
        state.EpochSeconds = seconds; // for a checkpoint inside the epoch
    }

    /// <summary>A validation inside the epoch when one is due (never after its last batch); true when it saved a checkpoint.</summary>
    private bool ValidateIfDue(int epoch, bool lastBatch)
    {
        double trainSeconds = TrainSeconds();
        bool saved = false;
        if (!lastBatch && ValidationDue(trainSeconds))
        {
            epochClock.Stop(); // the epoch's time and tokens/s count training only
            saved = ValidateInEpoch(epoch);
            epochClock.Start();
        }
        previousTrainSeconds = trainSeconds;
        return saved;
    }

    /// <summary>
    /// True when a validation inside the epoch is due after the step just taken, which took the training clock
    /// (validation excluded) from <see cref="previousTrainSeconds"/> to <paramref name="trainSeconds"/>.
    /// </summary>
    private bool ValidationDue(double trainSeconds)
    {
        if (options.ValidateEverySteps is { } steps && state.Step % steps == 0) return true;
        if (options.ValidateEvery is not { } every) return false;
        double interval = every.TotalSeconds;
        return Math.Floor(trainSeconds / interval) > Math.Floor(previousTrainSeconds / interval);
    }

    /// <summary>Cancelled or out of time, or null to go on.</summary>
    private StopReason? StopRequested()
    {
        bool cancelled = cancellation.IsCancellationRequested;
        bool outOfTime = options.TimeLimit is { } timeLimit && runClock.Elapsed >= timeLimit;
        return cancelled ? StopReason.Cancelled : outOfTime ? StopReason.TimeLimit : null;
    }

    /// <summary>A stop after batch <paramref name="b"/>: the weights are validated when asked and saved unless just saved.</summary>
    private void StopInsideEpoch(int epoch, int b, StopReason reason, bool saved)
    {
        if (!saved && !(options.ValidateAtStop && ValidateInEpoch(epoch))) CommitCheckpoint();
        progress.Message(reason == StopReason.Cancelled
            ? $"stopped at epoch {epoch + 1}, batch {b + 1}; checkpoint saved — continue with TrainerOptions.Resume"
            : $"time limit reached at epoch {epoch + 1}, batch {b + 1}; checkpoint saved — continue with TrainerOptions.Resume");
    }

    /// <summary>True when <see cref="TrainerOptions.CheckpointEvery"/> has passed since the last checkpoint.</summary>
    private bool CheckpointDue() =>
        options.CheckpointEvery is { } interval && Elapsed() - lastCheckpointSeconds >= interval.TotalSeconds;

    /// <summary>End of epoch <paramref name="epoch"/>: validate, record, adjust, checkpoint; a stop reason when the run ends here.</summary>
    private StopReason? EndEpoch(int epoch)
    {
        var metrics = EpochMetrics(epoch);
        if (!metrics.TryGetValue(monitor, out double monitored))
            throw new ArgumentException(
                $"The monitored metric '{monitor}' is not among this task's metrics: {string.Join(", ", metrics.Keys)}.");
        var record = new EpochRecord(metrics);
        history.Add(record);
        if (options.Directory is not null) MetricsLog.Append(options.Directory, ToJson(metrics));

        earlyStopping.Step(monitored);
        if (plateau is not null && plateau.Step(monitored))
            progress.Message($"{monitor} has not improved for {options.ReduceLearningRatePatience} epochs: " +
                             $"learning rate lowered to {optimizer.LearningRate:G4}");
        progress.EpochCompleted(record);

        state.Epoch = epoch + 1;
        state.BatchInEpoch = 0;
        state.LossSum = 0;
        state.LossCount = 0;
        state.Tokens = 0;
        state.GradNormSum = 0;
        state.GradNormMax = 0;
        state.EpochSeconds = 0;
        CommitCheckpoint();
        return StopAfterEpoch(epoch);
    }

    /// <summary>The record of a finished epoch: its training loss, the validation metrics, rate, time and clocks.</summary>
    private Dictionary<string, double> EpochMetrics(int epoch)
    {
        var validation = RunValidation();
        double epochSeconds = epochSecondsBefore + epochClock.Elapsed.TotalSeconds;
        var metrics = new Dictionary<string, double>
        {
            ["epoch"] = epoch + 1,
            ["train_loss"] = state.LossCount == 0 ? double.NaN : state.LossSum / state.LossCount,
        };
        foreach (var (name, value) in validation) metrics["valid_" + name] = value;
        metrics["lr"] = optimizer.LearningRate;
        AddGradientNorm(metrics);
        metrics["seconds"] = epochSeconds;
        metrics["tokens_per_s"] = state.Tokens / Math.Max(epochSeconds, 1e-9);
        AddClock(metrics);
        return metrics;
    }

    /// <summary>Early stopping, Ctrl-C or the time limit after epoch <paramref name="epoch"/>, or null to go on.</summary>
    private StopReason? StopAfterEpoch(int epoch)
    {
        if (earlyStopping.ShouldStop)
        {
            progress.Message($"early stopping: {monitor} has not improved for {earlyStopping.Wait} epochs " +
                             $"(best {earlyStopping.Best:F4} at epoch {earlyStopping.BestEvaluation})");
            return StopReason.EarlyStopping;
        }
        if (cancellation.IsCancellationRequested) return StopReason.Cancelled;
        if (options.TimeLimit is { } limit && runClock.Elapsed >= limit && epoch + 1 < options.Epochs)
        {
            progress.Message($"time limit reached after epoch {epoch + 1}; checkpoint saved — continue with TrainerOptions.Resume");
            return StopReason.TimeLimit;
        }
        return null;
    }

    /// <summary>The task's validation metrics, in evaluation mode with no tape; the time it takes is not training time.</summary>
    private IReadOnlyDictionary<string, double> RunValidation()
    {
        var clock = Stopwatch.StartNew();
        model.Eval();
        IReadOnlyDictionary<string, double> metrics;
        using (Tape.NoGrad()) metrics = task.Validate();
        model.Train();
        state.ValidationSeconds += clock.Elapsed.TotalSeconds;
        return metrics;
    }

    /// <summary>
    /// A validation inside epoch <paramref name="epoch"/> (0-based): logged, saved with a checkpoint of the weights it judged,
    /// then reported, so a validation that was shown is never lost to a crash, and kept for the log of a resumed run. It does
    /// not drive early stopping or the learning-rate plateau, which judge whole epochs. False when there is nothing to validate on.
    /// </summary>
    private bool ValidateInEpoch(int epoch)
    {
        if (!task.HasValidation) return false;
        var validation = RunValidation();
        var metrics = new Dictionary<string, double>
        {
            ["epoch"] = epoch + 1,
            ["batch"] = state.BatchInEpoch,
            ["train_loss"] = state.LossCount == 0 ? double.NaN : state.LossSum / state.LossCount,
        };
        foreach (var (name, value) in validation) metrics["valid_" + name] = value;
        metrics["lr"] = optimizer.LearningRate;
        AddGradientNorm(metrics);
        AddClock(metrics);
        state.Validations.Add(metrics);
        if (options.Directory is not null) MetricsLog.Append(options.Directory, ToJson(metrics));
        CommitCheckpoint();
        progress.ValidationCompleted(new EpochRecord(metrics));
        return true;
    }

    /// <summary>Wall-clock seconds of the run so far, over all its calls.</summary>
    private double Elapsed() => elapsedBefore + runClock.Elapsed.TotalSeconds;

    /// <summary>The part of <see cref="Elapsed"/> spent training (validation excluded).</summary>
    private double TrainSeconds() => Elapsed() - state.ValidationSeconds;

    private void AddClock(Dictionary<string, double> metrics)
    {
        metrics["step"] = state.Step;
        metrics["elapsed_s"] = Elapsed();
        metrics["train_s"] = TrainSeconds();
    }

    /// <summary>A checkpoint of where the run stands now; the interval of <see cref="TrainerOptions.CheckpointEvery"/> counts from here.</summary>
    private void CommitCheckpoint()
    {
        state.ElapsedSeconds = Elapsed();
        if (options.Directory is not null)
        {
            state.Schedule = schedule?.GetState();
            state.Plateau = plateau?.GetState();
            state.EarlyStopping = earlyStopping.GetState();
            state.History = history.Select(r => r.Metrics.ToDictionary(m => m.Key, m => m.Value)).ToList();
            var carried = (task as ICarriedStateTask)?.SaveCarriedState();
            Checkpoint.Save(options.Directory, model, optimizer, earlyStopping, state, carried);
        }
        lastCheckpointSeconds = state.ElapsedSeconds;
    }

    /// <summary>
    /// The result, with the best epoch's weights put back when asked and when the run ended on others (a later epoch,
    /// or inside an epoch: <paramref name="midEpoch"/>, where the weights have moved on even from the last epoch's).
    /// </summary>
    private TrainingResult Finish(StopReason reason, bool midEpoch)
    {
        int? bestEpoch = earlyStopping.BestEvaluation > 0 ? earlyStopping.BestEvaluation : null;
        double? bestValue = bestEpoch is null ? null : earlyStopping.Best;
        bool endedElsewhere = bestEpoch != history.Count || midEpoch;
        if (options.RestoreBestWeights && earlyStopping.BestWeights is not null && bestEpoch is not null && endedElsewhere)
        {
            earlyStopping.RestoreBest();
            progress.Message($"restored the weights of epoch {bestEpoch} ({monitor} {bestValue:F4})");
        }
        model.Train();
        return new TrainingResult(history, reason, monitor, bestEpoch, bestValue);
    }

    /// <summary>
    /// The per-step schedule; a cosine schedule spans all epochs, so it asks for the number of batches per epoch, or the time
    /// limit of this run when that ends sooner.
    /// </summary>
    private LearningRateSchedule? CreateSchedule(Func<int> batchesPerEpoch) => options.Schedule switch
    {
        ScheduleKind.Step => new StepSchedule(optimizer, options.StepSize, options.StepGamma),
        ScheduleKind.Cosine => new CosineSchedule(optimizer, Math.Max(1, batchesPerEpoch() * options.Epochs), options.WarmupSteps,
            options.MinLearningRate, options.TimeLimit),
        _ => null,
    };

    /// <summary>What a stopped run leaves to resume from, said as it is: a checkpoint, or nothing yet.</summary>
    private string WhatIsKept() =>
        options.Directory is not { } directory ? "nothing was saved (no directory was given)."
        : Checkpoint.Exists(directory) ? $"the last good checkpoint in {directory} is kept (TrainerOptions.Resume continues from it)."
        : $"no checkpoint had been written yet, so {directory} holds no model.";

    private static JsonObject ToJson(Dictionary<string, double> metrics)
    {
        var json = new JsonObject();
        foreach (var (name, value) in metrics)
            json[name] = name is "epoch" or "batch" or "step" ? JsonValue.Create((long)value) : MetricsLog.Number(value);
        return json;
    }
}
