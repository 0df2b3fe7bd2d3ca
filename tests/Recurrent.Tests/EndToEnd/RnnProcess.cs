using System.Diagnostics;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json.Nodes;

namespace Recurrent.Tests.EndToEnd;

/// <summary>
/// One run of the built <c>rnn</c> program as a user starts it: its own process, its own runtimeconfig (the collector and
/// GC settings it ships with), its own console, its exit code. Unlike <see cref="Recurrent.Tests.Cli.CliRun"/>, which calls
/// <c>Program.Main</c> inside the test host and so runs under the test host's runtime settings.
/// </summary>
internal sealed partial record RnnProcess(int ExitCode, string Output, string Error, TimeSpan Elapsed)
{
    /// <summary>The repository's root folder (the one that holds Recurrent.slnx).</summary>
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary>../shared beside the repository, or null where it is absent (tests that need it skip).</summary>
    public static string? SharedData
    {
        get
        {
            string path = Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared", "data"));
            return Directory.Exists(path) ? path : null;
        }
    }

    /// <summary>The folder the build of src/Recurrent.Cli wrote <c>rnn</c> to, for this test assembly's configuration.</summary>
    public static string ProgramDirectory { get; } = Path.Combine(RepositoryRoot, "src", "Recurrent.Cli", "bin",
        typeof(RnnProcess).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release",
        "net10.0");

    /// <summary>Starts <c>rnn</c> with <paramref name="args"/> in <paramref name="workingDirectory"/> and waits for it.</summary>
    /// <param name="args">The command line after <c>rnn</c>, one argument per element (no shell quoting).</param>
    /// <param name="workingDirectory">Where relative paths in <paramref name="args"/> are resolved.</param>
    /// <param name="timeout">The run is killed and the test fails after this long.</param>
    /// <param name="environment">Variables to set (a null value removes one) on top of a clean copy of this process's.</param>
    /// <param name="standardInput">Text written to the program's standard input, which is closed afterwards.</param>
    /// <param name="interruptAfter">When standard output first contains this text, the program gets SIGINT, as from
    /// Ctrl-C on a terminal (Unix only).</param>
    /// <param name="killAfter">When standard output first contains this text, the program is killed at once (SIGKILL, as
    /// by kill -9 or a power cut): no handler runs and nothing more is saved.</param>
    /// <param name="killWhen">Checked on the standard output so far, at every read and every millisecond: once true, the
    /// program is killed at once (SIGKILL).</param>
    /// <param name="watchOutput">Called after each read of standard output, while the program runs, with its process id and
    /// all its standard output so far (one call at a time).</param>
    public static RnnProcess Run(IReadOnlyList<string> args, string workingDirectory, TimeSpan? timeout = null,
        IReadOnlyDictionary<string, string?>? environment = null, string? standardInput = null, string? interruptAfter = null,
        string? killAfter = null, Func<string, bool>? killWhen = null, Action<int, string>? watchOutput = null)
    {
        string dll = Path.Combine(ProgramDirectory, "rnn.dll");
        if (!File.Exists(dll))
            throw new FileNotFoundException($"The built program is missing: {dll}. Build the solution first (dotnet build -c Release).");
        string appHost = Path.Combine(ProgramDirectory, OperatingSystem.IsWindows() ? "rnn.exe" : "rnn");

        var start = new ProcessStartInfo
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        // A run to interrupt starts with SIGINT's default handling, as from a terminal, even where this test host was started
        // with SIGINT ignored (a background job of a shell without job control), which the program would inherit.
        if (interruptAfter is not null)
        {
            if (OperatingSystem.IsWindows()) throw new PlatformNotSupportedException("Interrupting with SIGINT needs a Unix system.");
            start.FileName = "env";
            start.ArgumentList.Add("--default-signal=INT");
        }
        // The apphost is what `dotnet run` and an installed tool start; `dotnet rnn.dll` reads the same runtimeconfig.
        if (File.Exists(appHost)) Add(start, appHost);
        else
        {
            Add(start, "dotnet");
            start.ArgumentList.Add(dll);
        }
        foreach (string arg in args) start.ArgumentList.Add(arg);

        // The test host may run under settings of its own (a collector, a heap limit): the program must see only its own.
        foreach (string name in start.Environment.Keys.ToList())
            if (name.StartsWith("DOTNET_GC", StringComparison.OrdinalIgnoreCase)
                || name.StartsWith("COMPlus_", StringComparison.OrdinalIgnoreCase)
                || name.StartsWith("DOTNET_gc", StringComparison.Ordinal))
                start.Environment.Remove(name);
        start.Environment["NO_COLOR"] = "1";
        if (environment is not null)
            foreach (var (name, value) in environment)
                if (value is null) start.Environment.Remove(name);
                else start.Environment[name] = value;

        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {start.FileName}");
        var (output, error) = (new StringBuilder(), new StringBuilder());
        int interrupted = 0;
        // Output is read and watched on threads of their own, not the thread pool: with the whole suite running on two
        // cores the pool can fall seconds behind, and a watched run would end before its moment to be interrupted came.
        var reading = new[]
        {
            Reader(process.StandardOutput, output, () =>
            {
                if (interruptAfter is not null && Text(output).Contains(interruptAfter, StringComparison.Ordinal) &&
                    Interlocked.Exchange(ref interrupted, 1) == 0)
                    Interrupt(process.Id);
                if (killAfter is not null && Text(output).Contains(killAfter, StringComparison.Ordinal) &&
                    Interlocked.Exchange(ref interrupted, 1) == 0)
                    process.Kill();
                watchOutput?.Invoke(process.Id, Text(output));
            }),
            Reader(process.StandardError, error, () => { }),
        };
        var killing = new Thread(() =>
        {
            while (killWhen is not null && !process.HasExited)
            {
                if (killWhen(Text(output)))
                {
                    try
                    {
                        process.Kill();
                    }
                    catch (InvalidOperationException)
                    {
                        // It ended on its own in the same instant.
                    }
                    return;
                }
                Thread.Sleep(1);
            }
        }) { IsBackground = true };
        killing.Start();
        if (standardInput is not null) process.StandardInput.Write(standardInput);
        process.StandardInput.Close();

        var limit = timeout ?? TimeSpan.FromMinutes(2);
        if (!process.WaitForExit(limit))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            foreach (var reader in reading) reader.Join(TimeSpan.FromSeconds(5));
            throw new TimeoutException(
                $"rnn {string.Join(' ', args)} did not finish within {limit.TotalSeconds:F0} s.\nstdout:\n{Tail(Text(output))}\nstderr:\n{Tail(Text(error))}");
        }
        process.WaitForExit(); // lets the output readers reach the end
        foreach (var reader in reading) reader.Join();
        killing.Join();
        return new RnnProcess(process.ExitCode, Text(output), Text(error), clock.Elapsed);
    }

    /// <summary>A started thread that appends what <paramref name="reader"/> reads to <paramref name="text"/> until its end,
    /// calling <paramref name="afterEachRead"/> after each read.</summary>
    private static Thread Reader(StreamReader reader, StringBuilder text, Action afterEachRead)
    {
        var thread = new Thread(() =>
        {
            var buffer = new char[4096];
            int count;
            while ((count = reader.Read(buffer)) > 0)
            {
                lock (text) text.Append(buffer, 0, count);
                afterEachRead();
            }
        }) { IsBackground = true };
        thread.Start();
        return thread;
    }

    private static string Text(StringBuilder text)
    {
        lock (text) return text.ToString();
    }

    /// <summary>The program to start, or the first argument when a launcher (env) is already the program.</summary>
    private static void Add(ProcessStartInfo start, string program)
    {
        if (string.IsNullOrEmpty(start.FileName)) start.FileName = program;
        else start.ArgumentList.Add(program);
    }

    /// <summary>Sends SIGINT (2), what a terminal sends on Ctrl-C, to process <paramref name="id"/>.</summary>
    private static void Interrupt(int id)
    {
        if (OperatingSystem.IsWindows()) throw new PlatformNotSupportedException("SIGINT needs a Unix system.");
        const int noSuchProcess = 3; // ESRCH: it ended on its own first, which the caller's assertions on its output report
        if (Kill(id, 2) != 0 && Marshal.GetLastPInvokeError() is int errno and not noSuchProcess)
            throw new InvalidOperationException($"kill({id}, SIGINT) failed: errno {errno}");
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);

    /// <summary>A run that must succeed: the test fails with the program's own output when it does not.</summary>
    public static RnnProcess Succeeds(IReadOnlyList<string> args, string workingDirectory, TimeSpan? timeout = null,
        IReadOnlyDictionary<string, string?>? environment = null)
    {
        var run = Run(args, workingDirectory, timeout, environment);
        Assert.True(run.ExitCode == 0, run.Describe(args));
        return run;
    }

    /// <summary>
    /// A run that must fail as a user's mistake does: exit code 2 and exactly one line on stderr, starting with
    /// <c>error:</c>, with no stack trace. Returns that line.
    /// </summary>
    public static string FailsWithUsageError(IReadOnlyList<string> args, string workingDirectory, TimeSpan? timeout = null) =>
        Run(args, workingDirectory, timeout).UsageError(args);

    /// <summary>Asserts that this run failed as a user's mistake (see <see cref="FailsWithUsageError"/>) and returns its one error line.</summary>
    public string UsageError(IReadOnlyList<string> args)
    {
        string description = Describe(args);
        Assert.True(ExitCode == 2, $"expected exit code 2\n{description}");
        Assert.False(Error.Contains("   at ", StringComparison.Ordinal) || Error.Contains("Unhandled exception", StringComparison.Ordinal),
            $"a stack trace on stderr\n{description}");
        string[] lines = Error.TrimEnd().Split('\n');
        Assert.True(lines.Length == 1 && lines[0].StartsWith("error: ", StringComparison.Ordinal),
            $"expected one line on stderr, starting with 'error: '\n{description}");
        return lines[0].TrimEnd('\r');
    }

    /// <summary>Standard output parsed as one JSON value; the test fails with the output when it is not JSON.</summary>
    public JsonNode Json()
    {
        try
        {
            return JsonNode.Parse(Output) ?? throw new FormatException("null");
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or FormatException)
        {
            throw new Xunit.Sdk.XunitException($"stdout is not one JSON value ({e.Message}):\n{Tail(Output)}");
        }
    }

    /// <summary>The command line, exit code and both streams, for a failure message.</summary>
    public string Describe(IReadOnlyList<string> args) =>
        $"rnn {string.Join(' ', args)}\nexit code {ExitCode} after {Elapsed.TotalSeconds:F1} s\nstdout:\n{Tail(Output)}\nstderr:\n{Tail(Error)}";

    private static string Tail(string text) => text.Length <= 4000 ? text : "…" + text[^4000..];

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            if (File.Exists(Path.Combine(directory.FullName, "Recurrent.slnx"))) return directory.FullName;
        throw new DirectoryNotFoundException($"No Recurrent.slnx above {AppContext.BaseDirectory}.");
    }
}

/// <summary>
/// End-to-end runs that measure time or memory, kill or interrupt training, or resume after a time limit: xunit runs this
/// collection alone, after the parallel ones, one test at a time, so nothing else takes the cores. The tests share the
/// small models of <see cref="TrainedModels"/>, each trained once.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class EndToEndCollection : ICollectionFixture<TrainedModels>
{
    public const string Name = "EndToEnd";
}

/// <summary>
/// End-to-end runs that measure neither time nor memory: the refusals of bad options, files and models, the commands that
/// train for seconds, and the interpretation commands on the shared models. They run beside the unit tests and the
/// documented commands rather than in the serial <see cref="EndToEndCollection"/>, which xunit runs alone after them. (A
/// collection runs its tests one at a time, so the end-to-end work is spread over this collection and
/// <see cref="DocumentedCommandsCollection"/>, one on each core.)
/// </summary>
[CollectionDefinition(Name)]
public sealed class ParallelEndToEndCollection : ICollectionFixture<TrainedModels>
{
    public const string Name = "ParallelEndToEnd";
}

/// <summary>
/// The documented command lines: each run trains for seconds at most, mostly against a time limit, so a busy core costs
/// them little; they run beside <see cref="ParallelEndToEndCollection"/> and the unit tests, on the same trained models.
/// </summary>
[CollectionDefinition(Name)]
public sealed class DocumentedCommandsCollection : ICollectionFixture<TrainedModels>
{
    public const string Name = "DocumentedCommands";
}
