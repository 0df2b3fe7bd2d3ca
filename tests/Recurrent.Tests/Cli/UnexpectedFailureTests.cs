using Recurrent.Cli;

namespace Recurrent.Tests.Cli;

/// <summary>An exception the program did not foresee becomes one line naming a log file with the details, exit code 1.</summary>
[Collection(CliCollection.Name)]
public sealed class UnexpectedFailureTests
{
    [Fact]
    public void An_unexpected_exception_is_one_line_with_the_details_in_a_file()
    {
        var (exitCode, error) = Run(() => throw new InvalidOperationException("the kernel met a state it cannot handle."));

        Assert.Equal(CommandErrors.UnexpectedFailure, exitCode);
        string line = Assert.Single(error.Trim().Split('\n'));
        Assert.StartsWith("error: unexpected failure in ", line);
        Assert.Contains("InvalidOperationException: the kernel met a state it cannot handle.", line);
        Assert.Contains("This is a bug in rnn", line);
        string log = line[(line.IndexOf("Details: ", StringComparison.Ordinal) + "Details: ".Length)..].TrimEnd('.');
        Assert.Contains("at Recurrent.Tests.Cli.UnexpectedFailureTests", File.ReadAllText(log));
        File.Delete(log);
    }

    [Fact]
    public void Out_of_memory_on_a_worker_thread_is_reported_as_out_of_memory()
    {
        var (exitCode, error) = Run(() => throw new AggregateException(new OutOfMemoryException()));

        Assert.Equal(CommandErrors.OutOfMemory, exitCode);
        Assert.StartsWith("error: out of memory in ", error);
    }

    /// <summary>Runs <paramref name="action"/> through <see cref="CommandErrors.Run"/> with stderr captured.</summary>
    private static (int ExitCode, string Error) Run(Func<int> action)
    {
        var error = new StringWriter();
        var oldError = Console.Error;
        Console.SetError(error);
        try
        {
            return (CommandErrors.Run(action), error.ToString());
        }
        finally
        {
            Console.SetError(oldError);
        }
    }
}
