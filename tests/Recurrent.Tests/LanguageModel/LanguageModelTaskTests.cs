using Recurrent.Serialization;
using Recurrent.Tasks.LanguageModel;
using Recurrent.Tests.Training;
using Recurrent.Training;

namespace Recurrent.Tests.LanguageModel;

public class LanguageModelTaskTests : IDisposable
{
    private readonly string directory = LanguageModelFixture.TemporaryDirectory();
    private readonly string reference = LanguageModelFixture.TemporaryDirectory();

    public void Dispose()
    {
        foreach (string folder in new[] { directory, reference })
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
    }

    /// <summary>"abcabc…" with a twist every 7th token, as ids 0–4.</summary>
    private static int[] PatternText(int length) => Enumerable.Range(0, length).Select(i => i % 7 == 6 ? 4 : i % 3).ToArray();

    private static LanguageModelTask Task(RecurrentLanguageModel model) =>
        new(model, new TextStreams(PatternText(400), streams: 4, windowLength: 10), PatternText(120), validationStreams: 2);

    private static RecurrentLanguageModel Model() => LanguageModelFixture.Model(vocabulary: 5, layers: 1);

    private static TrainerOptions Options(string? directory = null) => new LanguageModelTrainingOptions().Trainer with
    {
        Epochs = 2, LearningRate = 1e-2f, Directory = directory,
    };

    [Fact]
    public void Training_on_a_patterned_text_lowers_the_validation_loss_far_below_chance()
    {
        var task = Task(Model());
        var result = Trainer.Fit(task, Options() with { Epochs = 6 });
        Assert.Equal(6, result.History.Count);
        Assert.True(task.LastValidation!.Loss < 0.6 * Math.Log(5), $"validation loss {task.LastValidation.Loss:F3}");
        Assert.Equal(result.History[^1]["valid_loss"], task.LastValidation.Loss);
    }

    /// <summary>Cancels the run after a given number of batches.</summary>
    private sealed class CancelAfter(int batches, CancellationTokenSource source) : ITrainingProgress
    {
        private int seen;
        public void EpochStarted(int epoch, int epochs, int batches) { }
        public void BatchCompleted(int batch, int batches1, double meanLoss, double tokensPerSecond, TimeSpan epochRemaining)
        {
            if (++seen == batches) source.Cancel();
        }
        public void EpochCompleted(EpochRecord record) { }
        public void Message(string text) { }
    }

    [Fact]
    public void A_run_stopped_inside_an_epoch_resumes_with_its_carried_state_exactly()
    {
        var straight = Model();
        Trainer.Fit(Task(straight), Options());

        var first = Model();
        using (var source = new CancellationTokenSource())
        {
            var stopped = Trainer.Fit(Task(first), Options(directory), new CancelAfter(13, source), source.Token);
            Assert.Equal(StopReason.Cancelled, stopped.StopReason);
        }
        var atStop = MetricsLog.Read(directory)[^1];       // 10 windows per epoch: validated at the stop, batch 3 of epoch 2
        Assert.Equal(3, (int)atStop["batch"]!);
        Assert.Equal(2, (int)atStop["epoch"]!);

        var resumed = Model();
        Trainer.Fit(Task(resumed), Options(directory) with { Resume = true });
        var expected = straight.NamedParameters().ToList();
        var actual = resumed.NamedParameters().ToList();
        for (int p = 0; p < expected.Count; p++)
            Assert.Equal(expected[p].Parameter.Value.Data, actual[p].Parameter.Value.Data);
    }

    /// <summary>(epoch, batch in epoch) of the checkpoint in <paramref name="folder"/>: where a resumed run continues.</summary>
    private static (int Epoch, int Batch) CheckpointPosition(string folder)
    {
        var state = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "checkpoint", "trainer.json")))!;
        return ((int)state["epoch"]!, (int)state["batch_in_epoch"]!);
    }

    [Fact]
    public void A_validation_inside_an_epoch_is_saved_as_a_checkpoint()
    {
        var options = Options(directory) with { ValidateEverySteps = 4, CheckpointEvery = null };
        Assert.Throws<SimulatedCrash>(() => Trainer.Fit(Task(Model()), options, new CrashAfterBatches(6)));
        Assert.Equal((0, 4), CheckpointPosition(directory));
    }

    [Fact]
    public void A_checkpoint_is_saved_inside_an_epoch_each_time_the_interval_has_passed()
    {
        var options = Options(directory) with { CheckpointEvery = TimeSpan.FromTicks(1) };
        Assert.Throws<SimulatedCrash>(() => Trainer.Fit(Task(Model()), options, new CrashAfterBatches(6)));
        Assert.Equal((0, 5), CheckpointPosition(directory));
    }

    [Fact]
    public void A_run_crashed_after_a_validation_resumes_from_it_exactly_and_logs_each_validation_once()
    {
        var straight = Model();
        Trainer.Fit(Task(straight), Options(reference) with { ValidateEverySteps = 4 });
        Assert.Throws<SimulatedCrash>(() => Trainer.Fit(Task(Model()), Options(directory) with { ValidateEverySteps = 4 }, new CrashAfterBatches(7)));

        var resumed = Model();
        Trainer.Fit(Task(resumed), Options(directory) with { ValidateEverySteps = 4, Resume = true });
        var expected = straight.NamedParameters().ToList();
        var actual = resumed.NamedParameters().ToList();
        for (int p = 0; p < expected.Count; p++)
            Assert.Equal(expected[p].Parameter.Value.Data, actual[p].Parameter.Value.Data);
        Assert.Equal(Positions(reference), Positions(directory));
        Assert.Equal(6, Positions(directory).Count); // epoch 1 at batches 4, 8 and its end; epoch 2 at 2, 6 and its end

        static List<string> Positions(string folder) => MetricsLog.Read(folder).Select(r => $"{r["epoch"]}/{r["batch"]}/{r["step"]}").ToList();
    }

    [Fact]
    public void Validations_inside_epochs_are_logged_with_the_step_and_elapsed_time()
    {
        Trainer.Fit(Task(Model()), Options(directory) with { Epochs = 1, ValidateEverySteps = 4 });
        var log = MetricsLog.Read(directory);
        Assert.Equal(new[] { 4, 8 }, log.Where(r => r["batch"] is not null).Select(r => (int)r["step"]!));
        Assert.All(log, r => Assert.True((double)r["elapsed_s"]! > 0 && r["valid_bits_per_char"] is not null));
        Assert.Null(log[^1]["batch"]); // the end of the epoch
    }
}
