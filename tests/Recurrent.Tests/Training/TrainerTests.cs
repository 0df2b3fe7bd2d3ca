using Recurrent.Autograd;
using Recurrent.Layers;
using Recurrent.Tasks.Classification;
using Recurrent.Training;

namespace Recurrent.Tests.Training;

public class TrainerTests : IDisposable
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), "recurrent-trainer-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
    }

    /// <summary>Sequences of token ids; the label says whether token 3 occurs. Dropout makes the run depend on random state.</summary>
    private sealed class ContainsTokenTask : ITrainingTask<int[]>
    {
        private readonly int[][] sequences;
        private readonly int[] labels;
        private readonly int[] validation;
        private readonly TextClassifier model;

        public Func<int, float>? LossOverride { get; init; }

        public ContainsTokenTask(ulong seed = 5)
        {
            var rng = new Rng(11);
            sequences = Enumerable.Range(0, 96).Select(_ => Enumerable.Range(0, 2 + rng.NextInt(5)).Select(_ => 2 + rng.NextInt(6)).ToArray()).ToArray();
            labels = sequences.Select(s => s.Contains(3) ? 1 : 0).ToArray();
            validation = Enumerable.Range(80, 16).ToArray();
            model = new TextClassifier(new TextClassifierOptions
            {
                VocabularySize = 8, ClassCount = 2, EmbeddingDimension = 6, HiddenSize = 8, Pooling = Pooling.Max, Dropout = 0.2f,
            }, new Rng(seed));
        }

        public Module Model => model;

        public bool HasValidation => true;

        private int calls;

        public IReadOnlyList<int[]> TrainingBatches(Rng shuffle)
        {
            var order = Enumerable.Range(0, 80).ToArray();
            shuffle.Shuffle(order.AsSpan());
            return order.Chunk(8).ToList();
        }

        public BatchLoss Loss(int[] batch)
        {
            var loss = Ops.CrossEntropy(Logits(batch), batch.Select(i => labels[i]).ToArray());
            calls++;
            if (LossOverride is not null) loss = Ops.Scale(loss, LossOverride(calls));
            return new BatchLoss(loss, batch.Sum(i => sequences[i].Length));
        }

        public IReadOnlyDictionary<string, double> Validate()
        {
            var logits = Logits(validation).Value;
            int correct = 0;
            for (int n = 0; n < validation.Length; n++)
                if ((logits[n, 1] > logits[n, 0] ? 1 : 0) == labels[validation[n]]) correct++;
            float loss = Ops.CrossEntropy(new Variable(logits), validation.Select(i => labels[i]).ToArray()).Value.Data[0];
            return new Dictionary<string, double>
            {
                ["loss"] = loss, ["perplexity"] = Math.Exp(loss), ["accuracy"] = correct / (double)validation.Length,
            };
        }

        private Variable Logits(int[] batch)
        {
            int steps = batch.Max(i => sequences[i].Length);
            var ids = new int[batch.Length * steps];
            for (int n = 0; n < batch.Length; n++) sequences[batch[n]].CopyTo(ids, n * steps);
            return model.Forward(ids, batch.Length, steps, batch.Select(i => sequences[i].Length).ToArray());
        }
    }

    private static float[] Weights(Module model) => model.Parameters().SelectMany(p => p.Value.ReadOnlySpan.ToArray()).ToArray();

    [Fact]
    public void Training_lowers_the_loss_and_learns_the_task()
    {
        var task = new ContainsTokenTask();
        var result = Trainer.Fit(task, new TrainerOptions { Epochs = 12, LearningRate = 0.02f, RestoreBestWeights = false });
        Assert.Equal(12, result.History.Count);
        Assert.True(result.History[^1]["train_loss"] < 0.5 * result.History[0]["train_loss"],
            $"train loss {result.History[0]["train_loss"]} → {result.History[^1]["train_loss"]}");
        Assert.True(result.History[^1]["valid_accuracy"] >= 0.8, $"valid accuracy {result.History[^1]["valid_accuracy"]}");
        Assert.Equal("valid_loss", result.Monitor);
    }

    [Fact]
    public void A_run_resumed_after_an_interruption_ends_with_the_same_weights_as_an_uninterrupted_one()
    {
        var straight = new ContainsTokenTask();
        Trainer.Fit(straight, new TrainerOptions { Epochs = 4, LearningRate = 0.01f, RestoreBestWeights = false });

        // Interrupted mid-epoch by cancellation, then resumed in a fresh process (a fresh task and model).
        var first = new ContainsTokenTask();
        using var cancel = new CancellationTokenSource();
        var stopping = new CancelAfterBatches(cancel, 17);
        var stopped = Trainer.Fit(first, new TrainerOptions { Epochs = 4, LearningRate = 0.01f, RestoreBestWeights = false, Directory = directory }, stopping, cancel.Token);
        Assert.Equal(StopReason.Cancelled, stopped.StopReason);

        var resumed = new ContainsTokenTask(seed: 99); // different initial weights: all must come from the checkpoint
        var result = Trainer.Fit(resumed, new TrainerOptions { Epochs = 4, LearningRate = 0.01f, RestoreBestWeights = false, Directory = directory, Resume = true });
        Assert.Equal(StopReason.Completed, result.StopReason);
        Assert.Equal(4, result.History.Count);
        Assert.Equal(Weights(straight.Model), Weights(resumed.Model));
        Assert.Equal(4, File.ReadAllLines(Path.Combine(directory, "metrics.jsonl")).Length);
    }

    [Fact]
    public void A_run_crashed_inside_an_epoch_resumes_from_its_interval_checkpoint_with_the_same_weights_as_an_uninterrupted_one()
    {
        var options = new TrainerOptions { Epochs = 3, LearningRate = 0.01f, RestoreBestWeights = false };
        var straight = new ContainsTokenTask();
        Trainer.Fit(straight, options);

        // 10 batches an epoch, a checkpoint after every batch: the crash after batch 14 leaves the one after batch 13.
        Assert.Throws<SimulatedCrash>(() => Trainer.Fit(new ContainsTokenTask(),
            options with { Directory = directory, CheckpointEvery = TimeSpan.FromTicks(1) }, new CrashAfterBatches(14)));
        var resumed = new ContainsTokenTask(seed: 99);
        var messages = new StringWriter();
        Trainer.Fit(resumed, options with { Directory = directory, Resume = true }, new PlainTextProgress(messages));

        Assert.Contains("at epoch 2, batch 4", messages.ToString());
        Assert.Equal(Weights(straight.Model), Weights(resumed.Model));
        Assert.Equal(3, File.ReadAllLines(Path.Combine(directory, "metrics.jsonl")).Length);
    }

    [Fact]
    public void Every_epoch_logs_the_mean_and_the_largest_gradient_norm_measured_before_clipping()
    {
        const float clipNorm = 1e-3f;
        var result = Trainer.Fit(new ContainsTokenTask(),
            new TrainerOptions { Epochs = 2, LearningRate = 0.01f, ClipNorm = clipNorm, RestoreBestWeights = false, Directory = directory });

        Assert.All(result.History, record =>
        {
            Assert.True(record["grad_norm"] > 10 * clipNorm, $"grad_norm {record["grad_norm"]} is the norm before clipping to {clipNorm}");
            Assert.True(record["grad_norm_max"] >= record["grad_norm"], $"max {record["grad_norm_max"]} < mean {record["grad_norm"]}");
        });
        Assert.All(File.ReadAllLines(Path.Combine(directory, "metrics.jsonl")), line =>
            Assert.Contains("\"grad_norm_max\":", line));
    }

    [Fact]
    public void The_gradient_norms_of_a_run_resumed_inside_an_epoch_are_those_of_an_uninterrupted_run()
    {
        var options = new TrainerOptions { Epochs = 2, LearningRate = 0.01f, RestoreBestWeights = false };
        var straight = Trainer.Fit(new ContainsTokenTask(), options);

        Assert.Throws<SimulatedCrash>(() => Trainer.Fit(new ContainsTokenTask(),
            options with { Directory = directory, CheckpointEvery = TimeSpan.FromTicks(1) }, new CrashAfterBatches(15)));
        var resumed = Trainer.Fit(new ContainsTokenTask(seed: 99), options with { Directory = directory, Resume = true });

        Assert.Equal(straight.History.Select(r => (r["grad_norm"], r["grad_norm_max"])), resumed.History.Select(r => (r["grad_norm"], r["grad_norm_max"])));
    }

    [Fact]
    public void A_run_cancelled_mid_epoch_ends_with_the_best_epochs_weights_even_when_that_is_the_last_epoch()
    {
        var task = new ContainsTokenTask();
        using var cancel = new CancellationTokenSource();
        var stopping = new CancelAfterBatches(cancel, 13) { AtEpochEnd = () => Weights(task.Model) };   // 10 batches an epoch: 3 into epoch 2
        var result = Trainer.Fit(task, new TrainerOptions { Epochs = 4, LearningRate = 0.01f, Directory = directory }, stopping, cancel.Token);

        Assert.Equal(StopReason.Cancelled, result.StopReason);
        Assert.Equal(1, result.BestEpoch);
        Assert.Equal(stopping.LastEpochWeights, Weights(task.Model));
    }

    [Fact]
    public void A_non_finite_loss_stops_with_a_clear_message_and_keeps_the_last_checkpoint()
    {
        var task = new ContainsTokenTask { LossOverride = call => call > 15 ? float.NaN : 1f };
        var ex = Assert.Throws<TrainingDivergedException>(() =>
            Trainer.Fit(task, new TrainerOptions { Epochs = 3, Directory = directory }));
        Assert.Contains("epoch 2, batch 6", ex.Message);
        Assert.Contains("TrainerOptions.LearningRate", ex.Message);
        Assert.True(Checkpoint.Exists(directory));
    }

    [Fact]
    public void Early_stopping_ends_the_run_and_restores_the_best_epoch()
    {
        var task = new ContainsTokenTask();
        var result = Trainer.Fit(task, new TrainerOptions
        {
            Epochs = 40, LearningRate = 0.05f, EarlyStoppingPatience = 2, Monitor = "train_loss", EarlyStoppingMinDelta = 10,
        });
        Assert.Equal(StopReason.EarlyStopping, result.StopReason);
        Assert.Equal(3, result.History.Count);
        Assert.Equal(1, result.BestEpoch);
    }

    [Fact]
    public void A_monitored_perplexity_is_minimised_like_a_loss()
    {
        var result = Trainer.Fit(new ContainsTokenTask(), new TrainerOptions { Epochs = 6, LearningRate = 0.05f, Monitor = "valid_perplexity" });
        var perplexities = result.History.Select(record => record["valid_perplexity"]).ToList();
        Assert.True(perplexities.Distinct().Count() > 1, "the perplexity changes between epochs");
        Assert.Equal(perplexities.Min(), result.BestValue);
        Assert.Equal(perplexities.IndexOf(perplexities.Min()) + 1, result.BestEpoch);
    }

    [Fact]
    public void Rejects_an_unknown_optimizer_listing_the_valid_names()
    {
        var ex = Assert.Throws<ArgumentException>(() => Trainer.Fit(new ContainsTokenTask(), new TrainerOptions { Optimizer = "adamax" }));
        Assert.Contains("adamw", ex.Message);
    }

    private sealed class CancelAfterBatches(CancellationTokenSource source, int batches) : ITrainingProgress
    {
        private int seen;

        /// <summary>Read at the end of every epoch into <see cref="LastEpochWeights"/>.</summary>
        public Func<float[]>? AtEpochEnd { get; init; }

        public float[]? LastEpochWeights { get; private set; }

        public void EpochStarted(int epoch, int epochs, int batchCount) { }

        public void BatchCompleted(int batch, int batchCount, double meanLoss, double tokensPerSecond, TimeSpan epochRemaining)
        {
            if (++seen == batches) source.Cancel();
        }

        public void EpochCompleted(EpochRecord record) => LastEpochWeights = AtEpochEnd?.Invoke();

        public void Message(string text) { }
    }
}
