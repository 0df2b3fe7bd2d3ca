namespace Recurrent.Tests.Fuzzing;

/// <summary>
/// How many mutated inputs each reader gets: a fixed number in CI (all fuzz tests together stay under a minute on two
/// cores), or RNN_FUZZ_ITERATIONS for a long run:
/// <c>RNN_FUZZ_ITERATIONS=1000000 dotnet test -c Release --filter "FullyQualifiedName~Fuzzing"</c>.
/// </summary>
internal static class FuzzBudget
{
    public const string Variable = "RNN_FUZZ_ITERATIONS";

    /// <summary>A file that a long run appends its progress to ("reader: inputs, seconds" every 100,000 inputs and at the end); unset in CI.</summary>
    public const string LogVariable = "RNN_FUZZ_LOG";

    private const int LogEvery = 100_000;

    /// <summary>Appends the progress of <paramref name="reader"/> to the RNN_FUZZ_LOG file, if one is set, every 100,000 inputs and at the end.</summary>
    public static void Progress(string reader, int inputs, TimeSpan elapsed, bool finished)
    {
        if (Environment.GetEnvironmentVariable(LogVariable) is not { Length: > 0 } log || (!finished && inputs % LogEvery != 0)) return;
        File.AppendAllText(log, $"{DateTime.UtcNow:HH:mm:ss} {reader}: {inputs} inputs in {elapsed.TotalSeconds:F0} s{(finished ? ", finished" : "")}\n");
    }

    /// <summary>The inputs for a reader whose CI share is <paramref name="ciIterations"/>, or the environment's count.</summary>
    public static int Iterations(int ciIterations) =>
        int.TryParse(Environment.GetEnvironmentVariable(Variable), out int iterations) && iterations > 0 ? iterations : ciIterations;
}
