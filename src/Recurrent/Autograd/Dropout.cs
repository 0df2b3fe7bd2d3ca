using System.Numerics.Tensors;
using Recurrent.Tensors;

namespace Recurrent.Autograd;

/// <summary>Inverted dropout: scaling at training time means inference needs no correction.</summary>
public static partial class Ops
{
    /// <summary>
    /// While training, zeroes each element with probability <paramref name="p"/> and scales the kept ones by 1 / (1 − p),
    /// so the expected value is unchanged; the gradient flows through the kept elements with the same scale.
    /// Returns <paramref name="a"/> itself when not training or when p is 0; p = 1 gives zeros.
    /// </summary>
    public static Variable Dropout(Variable a, float p, Rng rng, bool training)
    {
        if (!(p >= 0f && p <= 1f))
            throw new ArgumentOutOfRangeException(nameof(p), $"Dropout probability must be in [0, 1], got {p}.");
        if (!training || p == 0f) return a;

        // Cached for backward: the per-element factor, 0 (dropped) or 1 / (1 − p) (kept).
        float keptScale = p == 1f ? 0f : 1f / (1f - p);
        var factor = new float[a.Value.Size];
        // Kept when u ≥ p for u = (r >> 8) / 2^24 (Rng.NextFloat), that is when (r >> 8) ≥ ⌈p · 2^24⌉: the same draws and masks
        // as comparing floats, without the branch; the sign of (r >> 8) − threshold selects the bits of 0 or of the scale.
        int threshold = (int)Math.Ceiling(p * 16777216.0), keptBits = BitConverter.SingleToInt32Bits(keptScale);
        for (int i = 0; i < factor.Length; i++)
            factor[i] = BitConverter.Int32BitsToSingle(keptBits & ~(((int)(rng.NextUInt() >> 8) - threshold) >> 31));
        var value = new Tensor(a.Shape);
        TensorPrimitives.Multiply(a.Value.ReadOnlySpan, factor, value.Span);
        return Tape.Record(value, a, output => () =>
        {
            var g = a.GradOrZeros().Span;
            TensorPrimitives.FusedMultiplyAdd(output.Grad!.ReadOnlySpan, factor, g, g);
        });
    }
}
