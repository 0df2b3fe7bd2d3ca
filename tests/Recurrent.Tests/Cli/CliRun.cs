using Recurrent.Cli;

namespace Recurrent.Tests.Cli;

/// <summary>One run of <c>rnn</c> through <see cref="Program.Main"/> with stdout and stderr captured.</summary>
internal sealed record CliRun(int ExitCode, string Output, string Error)
{
    public static CliRun Of(params string[] args)
    {
        var (oldOut, oldError) = (Console.Out, Console.Error);
        var output = new StringWriter();
        var error = new StringWriter();
        Console.SetOut(output);
        Console.SetError(error);
        try
        {
            int exitCode = Program.Main(args);
            return new CliRun(exitCode, output.ToString(), error.ToString());
        }
        finally
        {
            Console.SetOut(oldOut);
            Console.SetError(oldError);
        }
    }

    /// <summary>Runs <c>rnn trace --spec</c> on <paramref name="json"/> written to a temporary file.</summary>
    public static CliRun TraceOf(string json, params string[] extra)
    {
        string path = Path.Combine(Path.GetTempPath(), $"rnn-trace-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, json);
        try
        {
            return Of(["trace", "--spec", path, .. extra]);
        }
        finally
        {
            File.Delete(path);
        }
    }

    public static string Example(string name) => Path.Combine(AppContext.BaseDirectory, "Examples", name);
}
