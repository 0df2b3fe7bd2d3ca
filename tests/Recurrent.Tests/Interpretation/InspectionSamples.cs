using Recurrent.Interpretation;
using Recurrent.Recurrence;

namespace Recurrent.Tests.Interpretation;

/// <summary>Small seeded layers and sequences to inspect.</summary>
internal static class InspectionSamples
{
    public static RecurrentLayer Layer(CellKind cell, int layers = 1, bool bidirectional = false, int inputSize = 3, int hiddenSize = 4,
        bool batchFirst = true) =>
        new(new RecurrentOptions
        {
            Cell = cell, InputSize = inputSize, HiddenSize = hiddenSize, NumLayers = layers, Bidirectional = bidirectional,
            BatchFirst = batchFirst,
        }, new Rng(11));

    /// <summary>[1, T, I] normal values, larger than unit scale so that some gates saturate.</summary>
    public static Tensor Sequence(int steps, int inputSize = 3, ulong seed = 5)
    {
        var input = new Tensor(1, steps, inputSize);
        new Rng(seed).FillNormal(input.Span, 0f, 2f);
        return input;
    }

    public static StateInspection Lstm(int steps = 5, bool bidirectional = false) =>
        StateInspection.Of(Layer(CellKind.Lstm, bidirectional: bidirectional), Sequence(steps), Tokens(steps));

    public static IReadOnlyList<string> Tokens(int steps) => Enumerable.Range(0, steps).Select(t => $"tok{t}").ToArray();
}
