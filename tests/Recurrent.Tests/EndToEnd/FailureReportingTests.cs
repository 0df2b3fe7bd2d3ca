namespace Recurrent.Tests.EndToEnd;

/// <summary>
/// Failures that are not the user's mistake still reach the user as one line with an exit code, never as a stack trace:
/// running out of memory (exit 4: what ran, the sizes, what to try) and anything unexpected (exit 1, details in a file).
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class FailureReportingTests
{
    [Fact]
    public void Running_out_of_memory_says_what_ran_the_sizes_and_what_to_try()
    {
        using var scratch = new ScratchDirectory("oom");
        string[] args = ["train", "classify", "--data", BundledData.Yelp, "--model", "lstm", "--hidden", "64", "--batch-size", "64",
            "--epochs", "1", "--out", "model"];
        // 24 MB of heap: too little for training this model, as a tight container limit would give, though the estimate made
        // before the network is built (8 MB: weights, Adam's state and one batch's activations) lets it start.
        var run = RnnProcess.Run(args, scratch.Root, environment: new Dictionary<string, string?> { ["DOTNET_GCHeapHardLimit"] = "0x1800000" });

        Assert.True(run.ExitCode == 4, run.Describe(args));
        string line = Assert.Single(run.Error.Trim().Split('\n'));
        Assert.StartsWith("error: out of memory in rnn train classify (", line);
        Assert.Contains("--hidden 64", line);
        Assert.Contains("--batch-size 64", line);
        Assert.Contains("this process may use", line);
        Assert.Contains("Try a smaller --batch-size", line);
        Assert.DoesNotContain("   at ", run.Output + run.Error);
    }

    [Fact]
    public void Verbose_follows_the_error_line_with_the_exception_and_its_stack_trace()
    {
        using var scratch = new ScratchDirectory("verbose");
        string[] quiet = ["summary", "no-such-model"], verbose = ["summary", "no-such-model", "--verbose"];

        var plain = RnnProcess.Run(quiet, scratch.Root);
        var detailed = RnnProcess.Run(verbose, scratch.Root);

        Assert.Equal(2, plain.ExitCode);
        Assert.Equal(2, detailed.ExitCode);
        string[] lines = detailed.Error.Trim().Split('\n');
        Assert.Equal(plain.Error.Trim(), lines[0]);
        Assert.Contains("DirectoryNotFoundException", lines[1]);
        Assert.Contains(lines, line => line.TrimStart().StartsWith("at Recurrent.", StringComparison.Ordinal));
    }
}
