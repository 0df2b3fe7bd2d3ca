using System.Diagnostics;
using System.Text;
using CsCheck;
using Recurrent.Data;
using Recurrent.Interpretation;
using Recurrent.Serialization;
using Recurrent.Text;

namespace Recurrent.Tests.Fuzzing;

/// <summary>
/// Feeds a reader a fixed, seeded sequence of generated inputs and checks each outcome: the reader returns a result
/// (which the caller's check finds sane), or it throws one of the documented errors that the CLI turns into an
/// "error:" line with exit 2. Anything else (NullReferenceException, IndexOutOfRangeException, an ArgumentException
/// from inside the runtime, OutOfMemoryException, a failed sanity check, an input that takes seconds) is a bug: the
/// test fails listing each distinct one with its input number and a copy of the input on disk.
/// Input i is generated from PCG stream 1 with seed i, so any failing input can be regenerated alone.
/// </summary>
internal static class ReaderFuzzer
{
    /// <summary>An input slower than this is reported as a hang (a reader should be linear in its input).</summary>
    private static readonly TimeSpan SlowInput = TimeSpan.FromSeconds(5);

    private const int MaxReportedBugs = 5;

    public static void Check(string reader, Gen<byte[]> inputs, Action<byte[]> read, int ciIterations) =>
        Check(reader, inputs, read, ciIterations, input => input, _ => "");

    /// <summary>Inputs that are more than bytes: <paramref name="bytes"/> gives the bytes to save and show, <paramref name="describe"/> the rest.</summary>
    public static void Check<T>(string reader, Gen<T> inputs, Action<T> read, int ciIterations, Func<T, byte[]> bytes, Func<T, string> describe)
    {
        int iterations = FuzzBudget.Iterations(ciIterations);
        var bugs = new Dictionary<string, string>();
        var clock = new Stopwatch();
        var total = Stopwatch.StartNew();
        int run = 0;
        for (int i = 0; i < iterations && bugs.Count < MaxReportedBugs; i++, run++)
        {
            FuzzBudget.Progress(reader, run, total.Elapsed, finished: false);
            T input = inputs.Generate(new PCG(1, (ulong)i), null, out _);
            clock.Restart();
            string? bug = null;
            try
            {
                read(input);
            }
            catch (Exception e)
            {
                bug = Undocumented(e);
            }
            if (bug is null && clock.Elapsed > SlowInput) bug = $"took {clock.Elapsed.TotalSeconds:F1} s";
            if (bug is null) continue;
            string kind = bug.Split('\n')[0];
            if (!bugs.ContainsKey(kind)) bugs[kind] = $"input {i} ({Save(reader, i, bytes(input))}): {bug}\n    input: {describe(input)} {Show(bytes(input))}";
        }
        FuzzBudget.Progress(reader, run, total.Elapsed, finished: true);
        Assert.True(bugs.Count == 0, $"{reader}: {bugs.Count} kind(s) of failure in {iterations} inputs:\n" + string.Join("\n", bugs.Values));
    }

    /// <summary>Null when <paramref name="e"/> is a documented, user-facing error; otherwise what is wrong with it.</summary>
    private static string? Undocumented(Exception e)
    {
        bool documented = e switch
        {
            DataFormatException or TextFormatException or ModelFormatException or TraceSpecException => true,
            // These are documented only when Recurrent throws them with its own message, not when the runtime does.
            ArgumentException or FileNotFoundException or DirectoryNotFoundException or KeyNotFoundException => ThrownByRecurrent(e),
            _ => false,
        };
        if (documented && !string.IsNullOrWhiteSpace(e.Message)) return null;
        string frames = string.Join("\n", (e.StackTrace ?? "").Split('\n').Take(6).Select(l => "    " + l.Trim()));
        return $"{e.GetType().Name} at {FirstRecurrentFrame(e)}\n    {e.Message}\n{frames}";
    }

    private static bool ThrownByRecurrent(Exception e) => e.TargetSite?.DeclaringType?.Namespace?.StartsWith("Recurrent", StringComparison.Ordinal) == true;

    private static string FirstRecurrentFrame(Exception e) =>
        new StackTrace(e).GetFrames().Select(f => f.GetMethod()).FirstOrDefault(m => m?.DeclaringType?.Namespace?.StartsWith("Recurrent") == true) is { } method
            ? $"{method.DeclaringType!.Name}.{method.Name}" : "?";

    private static string Save(string reader, int index, byte[] input)
    {
        string folder = Path.Combine(Path.GetTempPath(), "rnn-fuzz-failures", reader);
        Directory.CreateDirectory(folder);
        string path = Path.Combine(folder, $"{index}.bin");
        File.WriteAllBytes(path, input);
        return path;
    }

    /// <summary>The input's first bytes as escaped text.</summary>
    private static string Show(byte[] input)
    {
        var text = new StringBuilder();
        foreach (byte b in input.Take(300))
            text.Append(b is >= 0x20 and < 0x7F and not (byte)'\\' ? ((char)b).ToString() : $"\\x{b:X2}");
        return $"{input.Length} bytes: {text}{(input.Length > 300 ? "…" : "")}";
    }
}
