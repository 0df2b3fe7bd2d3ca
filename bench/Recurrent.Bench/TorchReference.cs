using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Recurrent.Diagnostics;

namespace Recurrent.Bench;

/// <summary>
/// Runs the PyTorch reference script ../shared/bench/torch_rnn_bench.py in the same benchmark run, so that the
/// ratio compares two measurements taken under the same machine load. Uses Debian's /usr/bin/python3 with the
/// AVX-512 OpenBLAS kernels and the fast 2-core thread split (see ../shared/bench/README.md).
/// </summary>
public static class TorchReference
{
    public const string Python = "/usr/bin/python3";

    /// <summary>The shared folder beside the repository, or null when it is absent.</summary>
    public static string? BenchFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "..", "shared", "bench", "torch_rnn_bench.py");
            if (File.Exists(candidate)) return Path.GetDirectoryName(Path.GetFullPath(candidate));
        }
        return null;
    }

    /// <summary>
    /// Runs the repository's bench/<paramref name="script"/> with <paramref name="arguments"/> (AVX-512 OpenBLAS) and returns the
    /// last JSON line it prints, or null with the reason on stderr.
    /// </summary>
    public static JsonNode? Run(string script, IEnumerable<string> arguments)
    {
        if (StartInfo(script, arguments) is not { } info) return null;
        using var process = Process.Start(info)!;
        var stderr = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        string? line = output.Split('\n').LastOrDefault(l => l.StartsWith('{'));
        if (process.ExitCode == 0 && line is not null) return JsonNode.Parse(line);
        Console.Error.WriteLine($"PyTorch reference failed (exit {process.ExitCode}): {stderr.Result}");
        return null;
    }

    /// <summary>
    /// How to run the repository's bench/<paramref name="script"/> with <paramref name="arguments"/> on Debian's Python with the
    /// AVX-512 OpenBLAS kernels and 2-core split (which OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE would override), output and
    /// errors redirected; null, with the reason on stderr, when the script or Python is missing.
    /// </summary>
    public static ProcessStartInfo? StartInfo(string script, IEnumerable<string> arguments)
    {
        string? path = null;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null && path is null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "bench", script))) path = Path.Combine(dir.FullName, "bench", script);
        if (path is null || !File.Exists(Python))
        {
            Console.Error.WriteLine($"PyTorch reference skipped: needs bench/{script} and {Python} with python3-torch.");
            return null;
        }
        var info = new ProcessStartInfo(Python) { RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(path);
        foreach (string argument in arguments) info.ArgumentList.Add(argument);
        info.Environment.Remove("OPENBLAS_CORETYPE");
        info.Environment.Remove("OPENBLAS_L2_SIZE");
        return info;
    }

    /// <summary>PyTorch's tokens/s for one setting, or null (with the reason on stderr) when PyTorch can't be run.</summary>
    public static double? TokensPerSecond(BenchSetting s, int threads)
    {
        var folder = BenchFolder();
        if (folder is null || !File.Exists(Python))
        {
            Console.Error.WriteLine("PyTorch reference skipped: needs ../shared/bench and /usr/bin/python3 with python3-torch.");
            return null;
        }
        var output = Path.Combine(Path.GetTempPath(), $"recurrent-torch-{Environment.ProcessId}.jsonl");
        File.Delete(output);
        string cell = s.Cell.ToString().ToLowerInvariant();
        var info = new ProcessStartInfo(Python)
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in new[]
                 {
                     "torch_rnn_bench.py", "--cells", cell, "--batch", s.Batch.ToString(), "--seq", s.Steps.ToString(),
                     "--input", s.Input.ToString(), "--hidden", s.Hidden.ToString(), "--layers", s.Layers.ToString(),
                     "--bidir", s.Bidirectional ? "1" : "0", "--threads", threads.ToString(), "--mode", s.Mode == BenchMode.Infer ? "infer" : "train",
                     "--out", output, "--tag", "recurrent-bench",
                 })
            info.ArgumentList.Add(arg);
        info.Environment.Remove("OPENBLAS_CORETYPE");
        info.Environment.Remove("OPENBLAS_L2_SIZE");
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        if (process.ExitCode != 0 || !File.Exists(output))
        {
            Console.Error.WriteLine($"PyTorch reference failed (exit {process.ExitCode}): {stderr.Result.Trim()}");
            return null;
        }
        var last = File.ReadLines(output).Last();
        File.Delete(output);
        using var record = JsonDocument.Parse(last);
        return record.RootElement.GetProperty("tokens_per_s").GetDouble();
    }
}
