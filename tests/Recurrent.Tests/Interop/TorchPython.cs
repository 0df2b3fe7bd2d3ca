using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Recurrent.Tests.Interop;

/// <summary>
/// Debian's Python with PyTorch (python3-torch, which .ci/run installs) running one of the scripts beside this file on models that
/// <c>rnn export --pytorch</c> wrote.
/// </summary>
internal static class TorchPython
{
    public const string Python = "/usr/bin/python3";

    /// <summary>tests/Recurrent.Tests/Interop, where the scripts are.</summary>
    public static string ScriptDirectory { get; } = Path.Combine(EndToEnd.RnnProcess.RepositoryRoot, "tests", "Recurrent.Tests", "Interop");

    /// <summary>
    /// Runs <paramref name="script"/> (a path, or a file name in <see cref="ScriptDirectory"/>) and returns its standard output; fails the
    /// test on a non-zero exit.
    /// </summary>
    public static string Run(string script, params string[] args)
    {
        Assert.True(File.Exists(Python), $"{Python} is missing: install python3-torch (apt-get install -y python3-torch; .ci/run does).");
        string path = Path.IsPathRooted(script) ? script : Path.Combine(ScriptDirectory, script);
        using var python = Process.Start(new ProcessStartInfo(Python, [path, .. args])
        {
            RedirectStandardError = true, RedirectStandardOutput = true,
            Environment = { ["PYTHONDONTWRITEBYTECODE"] = "1" },
        })!;
        var error = python.StandardError.ReadToEndAsync();
        string output = python.StandardOutput.ReadToEnd();
        python.WaitForExit();
        Assert.True(python.ExitCode == 0, $"python3 {Path.GetFileName(path)} exited with {python.ExitCode} (is python3-torch installed?):\n{error.Result}");
        return output;
    }

    /// <summary>Each line of <paramref name="output"/> as JSON.</summary>
    public static List<JsonNode> JsonLines(string output) =>
        output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonNode.Parse(line)!).ToList();
}
