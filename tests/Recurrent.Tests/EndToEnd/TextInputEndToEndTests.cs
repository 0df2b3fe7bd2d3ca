using System.Text;

namespace Recurrent.Tests.EndToEnd;

/// <summary>
/// Files that are not UTF-8 text, or that never end, given to the commands that read text (issue 12, items 10 and 13): each is
/// refused at once with exit code 2 and one line naming the file (and line), with no model directory written and with the
/// memory of a process that read almost nothing.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class TextInputEndToEndTests(TrainedModels models) : IDisposable
{
    /// <summary>What a run that refuses its input at once may hold: the runtime and the program, nothing read.</summary>
    private const long RefusalPeakBytes = 200L << 20;

    private static readonly string[] TinyLanguageModel = ["--hidden", "8", "--layers", "1", "--epochs", "1", "--batch-size", "2", "--seq-length", "10", "--quiet"];

    private readonly ScratchDirectory scratch = new("text-input");

    public void Dispose() => scratch.Dispose();

    private string WriteBytes(string name, byte[] bytes)
    {
        string path = scratch.PathOf(name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private string Latin1Text() => WriteBytes("latin1.txt", [.. "First line is fine.\nna"u8, 0xEF, .. "ve caf"u8, 0xE9, .. "\n"u8]);

    [Fact]
    public void Train_lm_refuses_a_text_that_is_not_UTF8_naming_its_line_and_writes_no_model()
    {
        string[] args = ["train", "lm", "--data", Latin1Text(), .. TinyLanguageModel, "--out", scratch.PathOf("model")];

        string error = RnnProcess.FailsWithUsageError(args, scratch.Root);

        Assert.Contains("latin1.txt:2: the file is not valid UTF-8", error);
        Assert.Contains("iconv", error);
        Assert.False(Directory.Exists(scratch.PathOf("model")));
    }

    [Fact]
    public void Train_lm_refuses_a_binary_file_of_NUL_bytes()
    {
        string[] args = ["train", "lm", "--data", WriteBytes("zeros.bin", new byte[5000]), .. TinyLanguageModel, "--out", scratch.PathOf("model")];

        string error = RnnProcess.FailsWithUsageError(args, scratch.Root);

        Assert.Contains("zeros.bin:1: the file holds a NUL byte", error);
        Assert.Contains("binary", error);
        Assert.False(Directory.Exists(scratch.PathOf("model")));
    }

    [Fact]
    public void Evaluate_of_a_language_model_refuses_a_text_that_is_not_UTF8()
    {
        string error = RnnProcess.FailsWithUsageError(["evaluate", models.LanguageModel, "--data", Latin1Text()], scratch.Root);

        Assert.Contains("latin1.txt:2: the file is not valid UTF-8", error);
    }

    [Fact]
    public void Evaluate_of_a_language_model_on_a_blank_file_says_there_is_nothing_to_evaluate_on()
    {
        string blank = scratch.Write("blank.txt", "  \n\n");

        string error = RnnProcess.FailsWithUsageError(["evaluate", models.LanguageModel, "--data", blank], scratch.Root);

        Assert.Contains("'" + blank + "' is empty; there is no text to evaluate the model on", error);
        Assert.DoesNotContain("learn from", error);
    }

    /// <summary>
    /// /dev/zero never ends and has no newline: read whole (or line by line), it filled gigabytes within seconds. Now it is
    /// refused before a byte is read, as every device is.
    /// </summary>
    [Theory]
    [InlineData("train classify --data /dev/zero --format tsv --model lstm --out {out}")]
    [InlineData("train lm --data /dev/zero --out {out}")]
    [InlineData("predict {classifier} --data /dev/zero")]
    [InlineData("evaluate {lm} --data /dev/zero")]
    public void A_device_that_never_ends_is_refused_at_once_with_little_memory(string commandLine)
    {
        if (!OperatingSystem.IsLinux()) return; // devices are told from files through Linux's statx
        string[] args = commandLine.Split(' ')
            .Select(word => word switch { "{out}" => scratch.PathOf("model"), "{classifier}" => models.Classifier, "{lm}" => models.LanguageModel, _ => word })
            .ToArray();
        long? peakBefore = ChildPeakMemory.LargestBytes();

        var run = RnnProcess.Run(args, scratch.Root, TimeSpan.FromSeconds(30));

        string error = run.UsageError(args);
        Assert.Contains("/dev/zero: this is a character device, not a regular file", error);
        Assert.True(run.Elapsed < TimeSpan.FromSeconds(10), run.Describe(args));
        Assert.False(Directory.Exists(scratch.PathOf("model")));
        AssertPeakMemoryAtMost(RefusalPeakBytes, peakBefore);
    }

    [Fact]
    public void A_named_pipe_without_a_writer_is_refused_instead_of_waiting_forever()
    {
        if (!OperatingSystem.IsLinux()) return;
        string pipe = scratch.PathOf("pipe.txt");
        System.Diagnostics.Process.Start("mkfifo", [pipe]).WaitForExit();
        string[] args = ["train", "lm", "--data", pipe, .. TinyLanguageModel, "--out", scratch.PathOf("model")];

        string error = RnnProcess.FailsWithUsageError(args, scratch.Root, TimeSpan.FromSeconds(30));

        Assert.Contains("pipe.txt: this is a pipe (FIFO), not a regular file", error);
        Assert.Contains("save the output of a pipe", error);
    }

    [Fact]
    public void A_file_over_the_default_size_limit_is_refused_before_any_of_it_is_read()
    {
        string huge = scratch.PathOf("huge.txt");
        using (var file = File.Create(huge)) file.SetLength(1_500_000_000); // sparse: no disk space used
        string[] args = ["train", "lm", "--data", huge, .. TinyLanguageModel, "--out", scratch.PathOf("model")];
        long? peakBefore = ChildPeakMemory.LargestBytes();

        string error = RnnProcess.FailsWithUsageError(args, scratch.Root, TimeSpan.FromSeconds(30));

        Assert.Contains("huge.txt: the file has 1,500,000,000 bytes, more than the limit of 1,000,000,000 bytes", error);
        Assert.Contains("RNN_MAX_FILE_SIZE=2G", error);
        AssertPeakMemoryAtMost(RefusalPeakBytes, peakBefore);
    }

    [Fact]
    public void RNN_MAX_FILE_SIZE_sets_the_file_size_limit()
    {
        string text = scratch.Write("text.txt", new string('a', 3000));
        string[] args = ["train", "lm", "--data", text, .. TinyLanguageModel, "--out", scratch.PathOf("model")];

        string error = RnnProcess.Run(args, scratch.Root, environment: new Dictionary<string, string?> { ["RNN_MAX_FILE_SIZE"] = "2K" }).UsageError(args);

        Assert.Contains("text.txt: the file has 3,000 bytes, more than the limit of 2,048 bytes", error);
        Assert.Contains("RNN_MAX_FILE_SIZE=", error);
    }

    [Fact]
    public void A_line_of_data_over_the_line_limit_is_refused_naming_the_line_the_limit_and_the_variable()
    {
        string data = scratch.Write("data.tsv", "a short review\t1\n" + new string('x', 2 << 20) + "\t0\n");
        string[] args = ["train", "classify", "--data", data, "--baseline", "tfidf", "--out", scratch.PathOf("model")];

        string error = RnnProcess.FailsWithUsageError(args, scratch.Root);

        Assert.Contains("data.tsv:2: the line is longer than the limit of 1,048,576 characters", error);
        Assert.Contains("RNN_MAX_LINE_LENGTH=2M", error);
        Assert.False(Directory.Exists(scratch.PathOf("model")));
    }

    [Fact]
    public void RNN_MAX_LINE_LENGTH_admits_longer_lines()
    {
        var rows = new StringBuilder();
        for (int i = 0; i < 20; i++) rows.Append($"good tasty meal {i}\t1\ncold bland soup {i}\t0\n");
        rows.Append(string.Join(' ', Enumerable.Repeat("long", 300)) + "\t1\n");
        string data = scratch.Write("data.tsv", rows.ToString());
        string[] args = ["train", "classify", "--data", data, "--baseline", "tfidf", "--out", scratch.PathOf("model")];

        Assert.Contains("data.tsv:41: the line is longer than the limit of 1,000 characters",
            RnnProcess.Run(args, scratch.Root, environment: new Dictionary<string, string?> { ["RNN_MAX_LINE_LENGTH"] = "1000" }).UsageError(args));
        RnnProcess.Succeeds(args, scratch.Root, environment: new Dictionary<string, string?> { ["RNN_MAX_LINE_LENGTH"] = "2K" });
    }

    [Fact]
    public void A_malformed_limit_variable_is_named_in_the_error()
    {
        string[] args = ["train", "lm", "--data", BundledData.Shakespeare, .. TinyLanguageModel, "--out", scratch.PathOf("model")];

        string error = RnnProcess.Run(args, scratch.Root, environment: new Dictionary<string, string?> { ["RNN_MAX_FILE_SIZE"] = "lots" }).UsageError(args);

        Assert.Contains("RNN_MAX_FILE_SIZE must be a positive whole number", error);
        Assert.Contains("'lots'", error);
    }

    /// <summary>
    /// The reading bounds the last run's peak from above; when it is over the bound it is that run's only if the run raised it
    /// (an earlier training run may hold the record).
    /// </summary>
    private static void AssertPeakMemoryAtMost(long bound, long? peakBefore)
    {
        if (ChildPeakMemory.LargestBytes() is long peakAfter && (peakAfter <= bound || peakAfter > peakBefore))
            Assert.True(peakAfter <= bound, $"peak resident set {peakAfter >> 20} MB, more than {bound >> 20} MB");
    }
}
