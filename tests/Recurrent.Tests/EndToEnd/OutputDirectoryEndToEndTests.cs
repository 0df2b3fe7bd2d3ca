namespace Recurrent.Tests.EndToEnd;

/// <summary>
/// What a training run does with its --out directory (issue 12, items 1, 2 and 5): it never deletes or replaces a file it
/// did not write without --overwrite; with --overwrite the old model stays usable until the new one is complete, even when
/// the new run is killed; and two runs into one directory are refused by a lock that names its owner.
/// </summary>
[Collection(ParallelEndToEndCollection.Name)]
public sealed class OutputDirectoryEndToEndTests(TrainedModels models) : IDisposable
{
    private readonly ScratchDirectory scratch = new("output");

    public static TheoryData<string, string> UsersFiles => new()
    {
        { "classify", "checkpoint/notes.txt" },
        { "classify", "model.safetensors" },
        { "classify", "vocab.txt" },
        { "classify", "metrics.jsonl" },
        { "lm", "checkpoint/notes.txt" },
        { "lm", "model.safetensors" },
        { "lm", "vocab.txt" },
        { "lm", "metrics.jsonl" },
    };

    [Theory]
    [MemberData(nameof(UsersFiles))]
    public void A_run_refuses_a_directory_that_holds_a_file_it_would_write_and_changes_nothing(string task, string usersFile)
    {
        string directory = scratch.PathOf("mine");
        string file = scratch.Write(Path.Combine("mine", usersFile), "the user's own file\n");
        string[] args = [.. TrainArgs(task, directory)];

        string error = RnnProcess.FailsWithUsageError(args, scratch.Root);

        Assert.Contains(usersFile.Split('/')[0], error);
        Assert.Contains("--overwrite", error);
        Assert.Equal("the user's own file\n", File.ReadAllText(file));
        Assert.Equal([usersFile.Split('/')[0]], Directory.GetFileSystemEntries(directory).Select(Path.GetFileName));
    }

    [Fact]
    public void A_run_into_a_directory_of_other_files_trains_beside_them()
    {
        string directory = scratch.PathOf("project");
        string notes = scratch.Write("project/README.md", "my notes\n");

        RnnProcess.Succeeds([.. TrainArgs("classify", directory)], scratch.Root);

        Assert.Equal("my notes\n", File.ReadAllText(notes));
        new ModelDirectory(directory).AssertFiles("config.json", "model.safetensors", "vocab.txt");
    }

    [Fact]
    public void Overwrite_replaces_files_the_user_had_and_says_nothing_is_lost_before_the_end()
    {
        string directory = scratch.PathOf("mine");
        scratch.Write("mine/checkpoint/notes.txt", "old\n");

        RnnProcess.Succeeds([.. TrainArgs("classify", directory), "--overwrite"], scratch.Root);

        Assert.False(File.Exists(Path.Combine(directory, "checkpoint", "notes.txt")));
        Assert.True(File.Exists(Path.Combine(directory, "checkpoint", "trainer.json")));
        AssertNoRunLeftovers(directory);
    }

    [Fact]
    public void A_killed_overwrite_leaves_the_old_model_usable_and_resume_finishes_the_replacement()
    {
        string directory = scratch.PathOf("model");
        TrainedModels.Copy(models.Classifier, directory);
        byte[] oldWeights = File.ReadAllBytes(Path.Combine(directory, "model.safetensors"));
        string[] replace = [.. TrainArgs("classify", directory, epochs: 40, cell: "gru"), "--overwrite"];

        var killed = RnnProcess.Run(replace, scratch.Root, killWhen: _ => Directory.Exists(Path.Combine(directory, ".rnn-replacing", "checkpoint")));

        Assert.True(killed.ExitCode == 137, killed.Describe(replace));
        Assert.Equal(oldWeights, File.ReadAllBytes(Path.Combine(directory, "model.safetensors")));
        var prediction = RnnProcess.Succeeds(["predict", directory, "a great place"], scratch.Root);
        Assert.Contains("1", prediction.Output);

        string[] resume = [.. TrainArgs("classify", directory, epochs: 2, cell: "gru"), "--resume"];
        RnnProcess.Succeeds(resume, scratch.Root);

        Assert.Equal("gru", new ModelDirectory(directory).Config["architecture"]!["cell"]!.GetValue<string>());
        Assert.NotEqual(oldWeights, File.ReadAllBytes(Path.Combine(directory, "model.safetensors")));
        AssertNoRunLeftovers(directory);
    }

    [Fact]
    public void A_second_run_into_a_directory_in_use_is_refused_with_the_owners_process_id()
    {
        string directory = scratch.PathOf("busy");
        string[] first = [.. TrainArgs("classify", directory, epochs: 200)];
        RnnProcess? second = null;

        var owner = RnnProcess.Run(first, scratch.Root, killWhen: _ =>
        {
            if (!File.Exists(Path.Combine(directory, "checkpoint", "trainer.json"))) return false;
            second = RnnProcess.Run([.. TrainArgs("classify", directory), "--overwrite"], scratch.Root);
            return true;
        });

        Assert.NotNull(second);
        string error = second.UsageError(["train", "classify", "--out", directory, "--overwrite"]);
        Assert.Contains("in use by another run (process ", error);
        Assert.Contains("train classify", error);
        Assert.True(owner.ExitCode == 137, owner.Describe(first));
        // The owner was killed: its lock is gone with it, and the directory is free again.
        RnnProcess.Succeeds([.. TrainArgs("classify", directory, epochs: 2), "--resume"], scratch.Root);
        AssertNoRunLeftovers(directory);
    }

    [Fact]
    public void A_diverging_run_into_a_new_directory_leaves_no_directory_behind()
    {
        string directory = scratch.PathOf("diverged");
        string[] args = ["train", "classify", "--data", BundledData.Yelp, "--model", "lstm", "--optimizer", "sgd", "--lr", "1e38",
                         "--out", directory];

        var run = RnnProcess.Run(args, scratch.Root);

        Assert.True(run.ExitCode == 3, run.Describe(args));
        Assert.False(Directory.Exists(directory), "the directory the run created is left behind");
    }

    public void Dispose() => scratch.Dispose();

    private static IEnumerable<string> TrainArgs(string task, string directory, int epochs = 1, string cell = "lstm") => task == "lm"
        ? ["train", "lm", "--data", BundledData.Shakespeare, "--hidden", "8", "--layers", "1", "--epochs", $"{epochs}", "--seq-length", "20",
           "--quiet", "--out", directory]
        : ["train", "classify", "--data", BundledData.Yelp, "--model", cell, "--hidden", "8", "--embedding-dim", "8",
           "--epochs", $"{epochs}", "--quiet", "--out", directory];

    private static void AssertNoRunLeftovers(string directory)
    {
        string[] hidden = Directory.GetFileSystemEntries(directory).Select(Path.GetFileName).Where(name => name!.StartsWith('.')).ToArray()!;
        Assert.True(hidden.Length == 0, $"left in {directory}: {string.Join(", ", hidden)}");
    }
}
