using System.Diagnostics;
using System.Text;

namespace Recurrent.Tests.Packaging;

/// <summary>
/// One run of a program (the <c>dotnet</c> CLI, an installed tool) as a user types it in a shell: its own process, the
/// folder it runs in, what it printed and how it ended.
/// </summary>
public sealed record CommandRun(string CommandLine, int ExitCode, string Output, string Error)
{
    /// <summary>
    /// Starts <paramref name="program"/> with <paramref name="args"/> in <paramref name="workingDirectory"/>, on top of this
    /// process's environment without the variables that <c>dotnet test</c> sets for MSBuild (which would make a nested
    /// <c>dotnet pack</c> build with the test run's MSBuild instead of its own), plus <paramref name="environment"/>; fails the
    /// test unless it exits 0 within <paramref name="timeout"/>.
    /// </summary>
    public static CommandRun Succeeds(string program, IReadOnlyList<string> args, string workingDirectory,
        IReadOnlyDictionary<string, string> environment, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string arg in args) start.ArgumentList.Add(arg);
        foreach (string name in start.Environment.Keys.ToList())
            if (name.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase) || name.StartsWith("DOTNET_GC", StringComparison.OrdinalIgnoreCase))
                start.Environment.Remove(name);
        foreach (var (name, value) in environment) start.Environment[name] = value;

        string commandLine = $"{Path.GetFileName(program)} {string.Join(' ', args)}";
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {program}");
        var (output, error) = (new StringBuilder(), new StringBuilder());
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (error) error.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"`{commandLine}` in {workingDirectory} did not end within {timeout.TotalSeconds:F0} s:\n{output}\n{error}");
        }
        process.WaitForExit();
        var run = new CommandRun(commandLine, process.ExitCode, output.ToString(), error.ToString());
        Assert.True(run.ExitCode == 0, $"`{commandLine}` in {workingDirectory} exited with {run.ExitCode}:\n{run.Output}\n{run.Error}");
        return run;
    }
}
