using Recurrent.Cli.Trace;
using Recurrent.Interpretation;

namespace Recurrent.Tests.Exercise;

/// <summary>
/// The exercise specs in <c>examples/</c> (copied to the test output), parsed as <c>rnn trace</c> parses them
/// and run through <see cref="CellTrace"/>: the tests check the library against the sheet's hand calculation.
/// </summary>
internal static class ExerciseSpec
{
    public static string PathOf(string name) => Path.Combine(AppContext.BaseDirectory, "Examples", name);

    public static TraceResult Run(string name) => CellTrace.Run(TraceSpecParser.Parse(File.ReadAllText(PathOf(name))));

    /// <summary>Quantity <paramref name="name"/> of the step at time <paramref name="t"/> (layer 0, forward), batch 0, unit <paramref name="unit"/>.</summary>
    public static float Quantity(this TraceResult result, int t, string name, int unit = 0)
    {
        var step = result.Steps.Single(s => s.Layer == 0 && s.Direction == 0 && s.Time == t);
        return step.Quantities.Single(q => q.Key == name).Value.Data[unit];
    }

    public static Tensor Gradient(this TraceResult result, string name) => result.Gradients.Single(g => g.Key == name).Value;
}
