using System.Diagnostics;
using System.Text.Json.Nodes;
using Recurrent.Autograd;
using Recurrent.Serialization;
using Recurrent.Tensors;

namespace Recurrent.Training;

/// <summary>
/// The training loop every task shares: epochs of shuffled batches, loss → BPTT → clipping → optimizer step,
/// validation after each epoch, learning-rate schedules, early stopping, checkpoints that allow an exact resume (at the
/// end of each epoch, after each validation inside one, and every <see cref="TrainerOptions.CheckpointEvery"/>),
/// a time limit, and a clean stop on cancellation (the current batch finishes and a checkpoint is saved).
/// </summary>
public static class Trainer
{
    public static TrainingResult Fit<TBatch>(ITrainingTask<TBatch> task, TrainerOptions options,
        ITrainingProgress? progress = null, CancellationToken cancellation = default)
    {
        options.Validate();
        progress ??= SilentProgress.Instance;
        var model = task.Model;
        var optimizer = OptimizerFactory.Create(options.Optimizer, model.TrainableParameters(), options.LearningRate, options.WeightDecay);
        var schedule = CreateSchedule(options, optimizer, () => task.TrainingBatches(EpochShuffle(options.Seed, 0)).Count);

        // The monitored metric decides plateaus, early stopping and the best epoch.
        string monitor = options.Monitor ?? (task.HasValidation ? "valid_loss" : "train_loss");
        var mode = monitor.EndsWith("loss", StringComparison.Ordinal) ? MonitorMode.Min : MonitorMode.Max;
        var plateau = options.ReduceLearningRatePatience is { } plateauPatience
            ? new ReduceLROnPlateau(optimizer, new ReduceLROnPlateauOptions
            {
                Mode = mode, Patience = plateauPatience, Factor = options.ReduceLearningRateFactor, MinLearningRate = options.MinLearningRate,
            })
            : null;
        var earlyStopping = new EarlyStopping(model.TrainableParameters(), new EarlyStoppingOptions
        {
            Mode = mode, Patience = options.EarlyStoppingPatience ?? int.MaxValue, MinDelta = options.EarlyStoppingMinDelta,
            RestoreBestWeights = options.RestoreBestWeights,
        });

        var state = new Checkpoint.RunState();
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
            if (state.Schedule is not null) schedule?.LoadState(state.Schedule.ToState());
            if (state.Plateau is not null) plateau?.LoadState(state.Plateau.ToState());
            if (state.EarlyStopping is not null) earlyStopping.LoadState(state.EarlyStopping.ToState());
            // The log is rewritten from the checkpoint's history, dropping any epoch logged after the checkpoint was taken;
            // a validation inside an epoch goes before the end of its epoch.
            var logged = state.History.Concat(state.Validations)
                .OrderBy(m => m["epoch"]).ThenBy(m => m.GetValueOrDefault("batch", double.MaxValue));
            AtomicFile.WriteAllText(Path.Combine(options.Directory, ModelDirectory.MetricsFileName),
                string.Concat(logged.Select(m => ToJson(m).ToJsonString() + "\n")));
            progress.Message($"resumed from {Path.Combine(options.Directory, "checkpoint")} at epoch {state.Epoch + 1}, batch {state.BatchInEpoch + 1}");
        }
        var history = state.History.Select(m => new EpochRecord(m)).ToList();
        var carriedState = task is ICarriedStateTask && state.BatchInEpoch > 0 && options.Directory is not null
            ? Checkpoint.LoadCarriedState(options.Directory)
            : null;

        var runClock = Stopwatch.StartNew();
        double elapsedBefore = state.ElapsedSeconds;
        double Elapsed() => elapsedBefore + runClock.Elapsed.TotalSeconds;
        double lastCheckpointSeconds = elapsedBefore;
        double TrainSeconds() => Elapsed() - state.ValidationSeconds;
        double previousTrainSeconds = TrainSeconds();
        var stopReason = StopReason.Completed;
        for (int epoch = state.Epoch; epoch < options.Epochs; epoch++)
        {
            var batches = task.TrainingBatches(EpochShuffle(options.Seed, epoch));
            if (carriedState is not null) ((ICarriedStateTask)task).LoadCarriedState(carriedState);
            carriedState = null;
            progress.EpochStarted(epoch + 1, options.Epochs, batches.Count);
            var epochClock = Stopwatch.StartNew();
            double secondsBefore = state.EpochSeconds;
            int firstBatch = state.BatchInEpoch;
            for (int b = state.BatchInEpoch; b < batches.Count; b++)
            {
                optimizer.ZeroGrad();
                BatchLoss loss;
                // Nothing reads the batch's intermediate gradients after the backward pass: their storage serves the next batch.
                using (var tape = new Tape { ReuseGradientStorage = true })
                {
                    loss = task.Loss(batches[b]);
                    float value = loss.Loss.Value.Data[0];
                    if (!float.IsFinite(value))
                        throw new TrainingDivergedException(
                            $"The loss became {value} at epoch {epoch + 1}, batch {b + 1}. Training stopped; {WhatIsKept(options.Directory)} " +
                            "Lower the learning rate (--lr) or clip the gradients (--clip).");
                    loss.Loss.Backward();
                    state.LossSum += value;
                    state.LossCount++;
                    state.Tokens += loss.Tokens;
                }
                if (options.ClipValue is { } clipValue) GradientClipping.ClipByValue(optimizer.Parameters, clipValue);
                if (options.ClipNorm is { } clipNorm) GradientClipping.ClipByGlobalNorm(optimizer.Parameters, clipNorm);
                optimizer.Step();
                if (schedule is CosineSchedule cosine) cosine.Step(runClock.Elapsed);
                else schedule?.Step();
                state.BatchInEpoch = b + 1;
                state.Step++;

                double seconds = secondsBefore + epochClock.Elapsed.TotalSeconds;
                double secondsPerBatch = epochClock.Elapsed.TotalSeconds / (b + 1 - firstBatch);
                progress.BatchCompleted(b + 1, batches.Count, state.LossSum / state.LossCount, state.Tokens / Math.Max(seconds, 1e-9),
                    TimeSpan.FromSeconds(secondsPerBatch * (batches.Count - b - 1)));

                state.EpochSeconds = seconds; // for a checkpoint inside the epoch

                // Validations inside the epoch, each saved as a checkpoint; the one at its end follows below.
                double trainSeconds = TrainSeconds();
                bool saved = false;
                if (b + 1 < batches.Count && ValidationDue(options, state.Step, previousTrainSeconds, trainSeconds))
                {
                    epochClock.Stop(); // the epoch's time and tokens/s count training only
                    saved = ValidateInEpoch(epoch);
                    epochClock.Start();
                }
                previousTrainSeconds = trainSeconds;

                bool cancelled = cancellation.IsCancellationRequested;
                bool outOfTime = options.TimeLimit is { } timeLimit && runClock.Elapsed >= timeLimit;
                if ((cancelled || outOfTime) && b + 1 < batches.Count)
                {
                    if (!saved && !(options.ValidateAtStop && ValidateInEpoch(epoch))) CommitCheckpoint();
                    progress.Message(cancelled
                        ? $"stopped at epoch {epoch + 1}, batch {b + 1}; checkpoint saved — continue with --resume"
                        : $"time limit reached at epoch {epoch + 1}, batch {b + 1}; checkpoint saved — continue with --resume");
                    return Finish(task, options, history, cancelled ? StopReason.Cancelled : StopReason.TimeLimit, monitor, earlyStopping, progress, midEpoch: true);
                }
                if (!saved && b + 1 < batches.Count && options.CheckpointEvery is { } interval && Elapsed() - lastCheckpointSeconds >= interval.TotalSeconds)
                    CommitCheckpoint();
            }

            // End of epoch: validate, record, adjust, checkpoint.
            var validation = RunValidation();
            double epochSeconds = secondsBefore + epochClock.Elapsed.TotalSeconds;
            var metrics = new Dictionary<string, double>
            {
                ["epoch"] = epoch + 1,
                ["train_loss"] = state.LossCount == 0 ? double.NaN : state.LossSum / state.LossCount,
            };
            foreach (var (name, value) in validation) metrics["valid_" + name] = value;
            metrics["lr"] = optimizer.LearningRate;
            metrics["seconds"] = epochSeconds;
            metrics["tokens_per_s"] = state.Tokens / Math.Max(epochSeconds, 1e-9);
            AddClock(metrics);
            if (!metrics.TryGetValue(monitor, out double monitored))
                throw new ArgumentException($"The monitored metric '{monitor}' is not among this task's metrics: {string.Join(", ", metrics.Keys)}.");
            var record = new EpochRecord(metrics);
            history.Add(record);
            if (options.Directory is not null) MetricsLog.Append(options.Directory, ToJson(metrics));

            earlyStopping.Step(monitored);
            if (plateau is not null && plateau.Step(monitored))
                progress.Message($"{monitor} has not improved for {options.ReduceLearningRatePatience} epochs: learning rate lowered to {optimizer.LearningRate:G4}");
            progress.EpochCompleted(record);

            state.Epoch = epoch + 1;
            state.BatchInEpoch = 0;
            state.LossSum = 0;
            state.LossCount = 0;
            state.Tokens = 0;
            state.EpochSeconds = 0;
            CommitCheckpoint();

            if (earlyStopping.ShouldStop)
            {
                progress.Message($"early stopping: {monitor} has not improved for {earlyStopping.Wait} epochs (best {earlyStopping.Best:F4} at epoch {earlyStopping.BestEvaluation})");
                stopReason = StopReason.EarlyStopping;
                break;
            }
            if (cancellation.IsCancellationRequested) { stopReason = StopReason.Cancelled; break; }
            if (options.TimeLimit is { } limit && runClock.Elapsed >= limit && epoch + 1 < options.Epochs)
            {
                progress.Message($"time limit reached after epoch {epoch + 1}; checkpoint saved — continue with --resume");
                stopReason = StopReason.TimeLimit;
                break;
            }
        }
        return Finish(task, options, history, stopReason, monitor, earlyStopping, progress, midEpoch: false);

        // The task's validation metrics, in evaluation mode with no tape; the time it takes is not training time.
        IReadOnlyDictionary<string, double> RunValidation()
        {
            var clock = Stopwatch.StartNew();
            model.Eval();
            IReadOnlyDictionary<string, double> metrics;
            using (Tape.NoGrad()) metrics = task.Validate();
            model.Train();
            state.ValidationSeconds += clock.Elapsed.TotalSeconds;
            return metrics;
        }

        void AddClock(Dictionary<string, double> metrics)
        {
            metrics["step"] = state.Step;
            metrics["elapsed_s"] = Elapsed();
            metrics["train_s"] = TrainSeconds();
        }

        // A validation inside epoch `epoch` (0-based): logged, saved with a checkpoint of the weights it judged, then reported,
        // so a validation that was shown is never lost to a crash, and kept for the log of a resumed run. It does not drive
        // early stopping or the learning-rate plateau, which judge whole epochs. False when there is nothing to validate on.
        bool ValidateInEpoch(int epoch)
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
            AddClock(metrics);
            state.Validations.Add(metrics);
            if (options.Directory is not null) MetricsLog.Append(options.Directory, ToJson(metrics));
            CommitCheckpoint();
            progress.ValidationCompleted(new EpochRecord(metrics));
            return true;
        }

        // A checkpoint of where the run stands now; the interval of TrainerOptions.CheckpointEvery counts from here.
        void CommitCheckpoint()
        {
            state.ElapsedSeconds = Elapsed();
            SaveCheckpoint(options, model, optimizer, schedule, plateau, earlyStopping, state, history, task as ICarriedStateTask);
            lastCheckpointSeconds = state.ElapsedSeconds;
        }
    }

    /// <summary>
    /// True when a validation inside the epoch is due after global step <paramref name="step"/>, which took the training
    /// clock (validation excluded) from <paramref name="trainSecondsBefore"/> to <paramref name="trainSeconds"/>.
    /// </summary>
    private static bool ValidationDue(TrainerOptions options, long step, double trainSecondsBefore, double trainSeconds)
    {
        if (options.ValidateEverySteps is { } steps && step % steps == 0) return true;
        if (options.ValidateEvery is not { } every) return false;
        double interval = every.TotalSeconds;
        return Math.Floor(trainSeconds / interval) > Math.Floor(trainSecondsBefore / interval);
    }

    /// <summary>The shuffling generator of one epoch: a function of the seed and the epoch alone, so a resumed run replays the same order.</summary>
    public static Rng EpochShuffle(ulong seed, int epoch) => new(seed * 0x9E3779B97F4A7C15UL + (ulong)epoch + 1);

    /// <param name="task">the task that was trained.</param>
    /// <param name="options">the run's options (directory, best-weights restoring).</param>
    /// <param name="history">one record per finished epoch.</param>
    /// <param name="reason">why the run stopped.</param>
    /// <param name="monitor">the metric that chose the best epoch.</param>
    /// <param name="earlyStopping">holds the best epoch and its weights.</param>
    /// <param name="progress">receives the closing messages.</param>
    /// <param name="midEpoch">the run stopped inside an epoch, so the weights have moved on even from the last epoch's.</param>
    private static TrainingResult Finish<TBatch>(ITrainingTask<TBatch> task, TrainerOptions options, List<EpochRecord> history,
        StopReason reason, string monitor, EarlyStopping earlyStopping, ITrainingProgress progress, bool midEpoch)
    {
        int? bestEpoch = earlyStopping.BestEvaluation > 0 ? earlyStopping.BestEvaluation : null;
        double? bestValue = bestEpoch is null ? null : earlyStopping.Best;
        if (options.RestoreBestWeights && earlyStopping.BestWeights is not null && bestEpoch is not null && (bestEpoch != history.Count || midEpoch))
        {
            earlyStopping.RestoreBest();
            progress.Message($"restored the weights of epoch {bestEpoch} ({monitor} {bestValue:F4})");
        }
        task.Model.Train();
        return new TrainingResult(history, reason, monitor, bestEpoch, bestValue);
    }

    /// <summary>
    /// The per-step schedule; a cosine schedule spans all epochs, so it asks for the number of batches per epoch, or the time
    /// limit of this run when that ends sooner.
    /// </summary>
    private static LearningRateSchedule? CreateSchedule(TrainerOptions options, Optimizer optimizer, Func<int> batchesPerEpoch) => options.Schedule switch
    {
        ScheduleKind.Step => new StepSchedule(optimizer, options.StepSize, options.StepGamma),
        ScheduleKind.Cosine => new CosineSchedule(optimizer, Math.Max(1, batchesPerEpoch() * options.Epochs), options.WarmupSteps, options.MinLearningRate, options.TimeLimit),
        _ => null,
    };

    private static void SaveCheckpoint(TrainerOptions options, Layers.Module model, Optimizer optimizer, LearningRateSchedule? schedule,
        ReduceLROnPlateau? plateau, EarlyStopping earlyStopping, Checkpoint.RunState state, List<EpochRecord> history, ICarriedStateTask? carried)
    {
        if (options.Directory is null) return;
        state.Schedule = schedule is null ? null : Checkpoint.ScalarStateDto.From(schedule.GetState());
        state.Plateau = plateau is null ? null : Checkpoint.ScalarStateDto.From(plateau.GetState());
        state.EarlyStopping = Checkpoint.ScalarStateDto.From(earlyStopping.GetState());
        state.History = history.Select(r => r.Metrics.ToDictionary(m => m.Key, m => m.Value)).ToList();
        Checkpoint.Save(options.Directory, model, optimizer, earlyStopping, state, carried?.SaveCarriedState());
    }

    /// <summary>What a stopped run leaves to resume from, said as it is: a checkpoint, or nothing yet.</summary>
    private static string WhatIsKept(string? directory) =>
        directory is null ? "nothing was saved (no directory was given)."
        : Checkpoint.Exists(directory) ? $"the last good checkpoint in {directory} is kept (--resume continues from it)."
        : $"no checkpoint had been written yet, so {directory} holds no model.";

    private static JsonObject ToJson(Dictionary<string, double> metrics)
    {
        var json = new JsonObject();
        foreach (var (name, value) in metrics)
            json[name] = name is "epoch" or "batch" or "step" ? JsonValue.Create((long)value) : MetricsLog.Number(value);
        return json;
    }
}
