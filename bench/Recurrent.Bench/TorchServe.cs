using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Recurrent.Bench;

/// <summary>
/// A PyTorch reference script kept running in <c>--mode serve</c> (bench/torch_seq2seq.py): it builds its model once, then runs
/// a named piece of work for a given time whenever asked, so a benchmark can alternate with it every few seconds instead of
/// once per process. Slow phases of a shared machine last tens of seconds; short alternating slices put both sides through
/// the same ones.
/// </summary>
public sealed class TorchServe : IDisposable
{
    private readonly Process process;
    private readonly Task<string> errors;

    private TorchServe(Process process)
    {
        this.process = process;
        errors = process.StandardError.ReadToEndAsync();
    }

    /// <summary>Starts bench/<paramref name="script"/> --mode serve with <paramref name="arguments"/> and waits until its model is
    /// ready; null (with the reason on stderr) when Python, the script or the model cannot be had.</summary>
    public static TorchServe? Start(string script, IEnumerable<string> arguments)
    {
        if (TorchReference.StartInfo(script, ["--mode", "serve", .. arguments]) is not { } info) return null;
        info.RedirectStandardInput = true;
        var serve = new TorchServe(Process.Start(info)!);
        if (serve.ReadReply() is { } ready && ready["ready"] is not null) return serve;
        serve.Dispose();
        return null;
    }

    /// <summary>Runs <paramref name="work"/> ("train" or "beam") for about <paramref name="seconds"/>: the units of work done
    /// (target tokens or sentences) and the seconds they took, or null (with the reason on stderr) when the script failed.</summary>
    public (double Count, double Seconds)? Slice(string work, double seconds)
    {
        process.StandardInput.WriteLine(FormattableString.Invariant($"{work} {seconds}"));
        process.StandardInput.Flush();
        if (ReadReply() is not { } reply) return null;
        return (reply["count"]!.GetValue<double>(), reply["seconds"]!.GetValue<double>());
    }

    /// <summary>The next JSON line the script prints, skipping any other output; null when it exits first.</summary>
    private JsonNode? ReadReply()
    {
        while (process.StandardOutput.ReadLine() is { } line)
            if (line.StartsWith('{')) return JsonNode.Parse(line);
        process.WaitForExit();
        Console.Error.WriteLine($"PyTorch reference failed (exit {process.ExitCode}): {errors.Result.Trim()}");
        return null;
    }

    public void Dispose()
    {
        if (!process.HasExited)
        {
            try
            {
                process.StandardInput.WriteLine("quit");
                process.StandardInput.Close();
            }
            catch (IOException)
            {
                // The script has already gone.
            }
            if (!process.WaitForExit(10_000)) process.Kill(entireProcessTree: true);
        }
        process.Dispose();
    }
}
