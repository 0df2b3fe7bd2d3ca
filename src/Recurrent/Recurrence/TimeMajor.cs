using Recurrent.Autograd;

namespace Recurrent.Recurrence;

/// <summary>Conversion between batch-first [B, T, F] and time-major [T, B, F] sequences, differentiable.</summary>
internal static class TimeMajor
{
    /// <summary>Swaps the first two axes of a rank-3 variable: [A, C, F] → [C, A, F]. Its own inverse.</summary>
    /// <remarks>With an axis of extent 1 (a decoder's single step, [B, 1, F]) the elements keep their order: the result is a
    /// reshaped view, not a copy.</remarks>
    public static Variable SwapLeadingAxes(Variable a)
    {
        int outer = a.Dim(0), inner = a.Dim(1), features = a.Dim(2);
        if (outer == 1 || inner == 1) return Ops.Reshape(a, inner, outer, features);
        var value = new Tensor(inner, outer, features);
        Swap(a.Value.ReadOnlySpan, value.Span, outer, inner, features);
        return Tape.Record(value, a, output => () =>
        {
            int size = a.Value.Size;
            var back = Buffers.Rent(size);
            Swap(output.Grad!.ReadOnlySpan, back, inner, outer, features);
            a.AccumulateGrad(back.AsSpan(0, size));
            Buffers.Return(back);
        });
    }

    private static void Swap(ReadOnlySpan<float> source, Span<float> destination, int outer, int inner, int features)
    {
        for (int i = 0; i < outer; i++)
            for (int j = 0; j < inner; j++)
                source.Slice((i * inner + j) * features, features).CopyTo(destination.Slice((j * outer + i) * features, features));
    }
}
