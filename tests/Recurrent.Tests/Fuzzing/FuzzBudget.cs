namespace Recurrent.Tests.Fuzzing;

/// <summary>
/// How many mutated inputs each reader gets: a fixed number in CI (all fuzz tests together stay under a minute on two
/// cores), or RNN_FUZZ_ITERATIONS for a long run:
/// <c>RNN_FUZZ_ITERATIONS=1000000 dotnet test -c Release --filter "FullyQualifiedName~Fuzzing"</c>.
/// </summary>
internal static class FuzzBudget
{
    public const string Variable = "RNN_FUZZ_ITERATIONS";

    /// <summary>The inputs for a reader whose CI share is <paramref name="ciIterations"/>, or the environment's count.</summary>
    public static int Iterations(int ciIterations) =>
        int.TryParse(Environment.GetEnvironmentVariable(Variable), out int iterations) && iterations > 0 ? iterations : ciIterations;
}
