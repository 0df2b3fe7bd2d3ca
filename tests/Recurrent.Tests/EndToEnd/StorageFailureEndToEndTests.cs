namespace Recurrent.Tests.EndToEnd;

/// <summary>
/// Saving where it cannot be saved (issue 12, "crash safety"): a disk that fills up while checkpoints are written, and a
/// read-only file system, each give one clear line and keep the previous checkpoint, from which --resume continues.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class StorageFailureEndToEndTests
{
    private static string[] Train(string directory, int epochs) =>
        ["train", "classify", "--data", BundledData.Yelp, "--model", "lstm", "--hidden", "16", "--embedding-dim", "16",
         "--epochs", $"{epochs}", "--quiet", "--out", directory];

    [Fact]
    public void A_full_disk_while_saving_a_checkpoint_keeps_the_previous_one_and_resume_continues_once_there_is_space()
    {
        // Room for one checkpoint of this model (about 550 kB) but not for the next one written beside it.
        using var disk = new SmallDisk(1000);
        string directory = disk.PathOf("model");
        string[] args = Train(directory, 5);

        string error = RnnProcess.Run(args, disk.Root).UsageError(args);

        Assert.Contains("Cannot write the checkpoint", error);
        Assert.Contains("the disk is full", error);
        Assert.Contains("The previous checkpoint is intact", error);
        Assert.False(Directory.Exists(Path.Combine(directory, "checkpoint.new")), "the half-written checkpoint still takes space");
        disk.Resize(8000);
        var resumed = RnnProcess.Succeeds([.. args, "--resume"], disk.Root);
        Assert.Contains("model saved in", resumed.Output);
        Assert.Equal(5, new ModelDirectory(directory).Metrics.Count);
    }

    [Fact]
    public void A_read_only_file_system_is_refused_before_training_and_the_model_on_it_still_loads()
    {
        using var disk = new SmallDisk(8000);
        string directory = disk.PathOf("model");
        RnnProcess.Succeeds(Train(directory, 1), disk.Root);
        disk.MakeReadOnly();
        string[] resume = [.. Train(directory, 2), "--resume"], fresh = Train(disk.PathOf("other"), 1);

        string resumeError = RnnProcess.Run(resume, Path.GetTempPath()).UsageError(resume);
        string freshError = RnnProcess.Run(fresh, Path.GetTempPath()).UsageError(fresh);

        Assert.Contains("the file system is read-only", resumeError);
        Assert.Contains("the file system is read-only", freshError);
        RnnProcess.Succeeds(["predict", directory, "the food was great"], Path.GetTempPath());
    }
}
