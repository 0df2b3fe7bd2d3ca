using System.Diagnostics;

namespace Recurrent.Tests.EndToEnd;

/// <summary>examples/TranslatePhrases, built with the solution, run as its header says from the repository root (a budget of seconds).</summary>
public sealed class TranslationExampleEndToEndTests
{
    [Fact]
    public async Task The_translation_example_trains_scores_saves_loads_and_translates_three_sentences()
    {
        string dll = Path.Combine(RnnProcess.RepositoryRoot, "examples", "TranslatePhrases", "bin",
            Path.GetFileName(Path.GetDirectoryName(RnnProcess.ProgramDirectory))!, "net10.0", "TranslatePhrases.dll");
        Assert.True(File.Exists(dll), $"{dll} is missing: build the solution first (dotnet build -c Release).");
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = RnnProcess.RepositoryRoot, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string arg in new[] { dll, "0.05" }) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        string output = await process.StandardOutput.ReadToEndAsync();
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(3)), "the example did not finish within 3 minutes");
        Assert.True(process.ExitCode == 0, $"exit {process.ExitCode}\n{output}\n{await error}");
        Assert.Contains("split: 17,764 training pairs, 2,005 validation pairs", output);
        Assert.Matches(@"held-out BLEU \d+\.\d \(greedy\), chrF \d+\.\d; saved in ", output);
        foreach (string source in new[] { "Hello!", "I am hungry.", "Where is the station?" })
            Assert.Matches($@"(?m)^{System.Text.RegularExpressions.Regex.Escape(source)}  →  \S", output);
    }
}
