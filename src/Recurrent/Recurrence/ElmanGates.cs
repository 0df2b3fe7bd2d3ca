using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using static Recurrent.Recurrence.VectorMath;

namespace Recurrent.Recurrence;

/// <summary>
/// The Elman cell's fused point-wise maths for one batch row of a step, forward and backward (see <see cref="ElmanSequence"/>),
/// and the hidden-layer activation g with its derivative, which the Jordan cell shares.
/// </summary>
internal static class ElmanGates
{
    /// <summary>
    /// Elman forward for one row: activation [H] holds x W_ihᵀ on entry and h_t = g(x W_ihᵀ + h_{t−1} W_hhᵀ + b) on exit,
    /// recurrent [H] is h_{t−1} W_hhᵀ, bias [H] is b_ih + b_hh (added here, in cache); writes h_t and its output copy too.
    /// </summary>
    public static void Forward(Span<float> activation, ReadOnlySpan<float> recurrent, ReadOnlySpan<float> bias, Nonlinearity g,
        Span<float> h, Span<float> output)
    {
        int hidden = h.Length;
        if (activation.Length < hidden || recurrent.Length < hidden || bias.Length < hidden || output.Length < hidden)
            throw new ArgumentException("Elman row buffers are too short.");
        if (hidden == 0) return;
        ref float a0 = ref activation[0];
        ref readonly float r0 = ref recurrent[0];
        ref readonly float b0 = ref bias[0];
        ref float h0 = ref h[0], y0 = ref output[0];
        int j = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            for (; j <= hidden - 16; j += 16)
            {
                nuint at = (nuint)j;
                var pre = Vector512.LoadUnsafe(ref a0, at) + Vector512.LoadUnsafe(in r0, at) + Vector512.LoadUnsafe(in b0, at);
                var value = Activate(pre, g);
                value.StoreUnsafe(ref a0, at);
                value.StoreUnsafe(ref h0, at);
                value.StoreUnsafe(ref y0, at);
            }
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            for (; j <= hidden - 8; j += 8)
            {
                nuint at = (nuint)j;
                var pre = Vector256.LoadUnsafe(ref a0, at) + Vector256.LoadUnsafe(in r0, at) + Vector256.LoadUnsafe(in b0, at);
                var value = Activate(pre, g);
                value.StoreUnsafe(ref a0, at);
                value.StoreUnsafe(ref h0, at);
                value.StoreUnsafe(ref y0, at);
            }
        }
        for (; j < hidden; j++)
        {
            float value = Activate(activation[j] + recurrent[j] + bias[j], g); // h_t = g(a_t)
            activation[j] = value;
            h[j] = value;
            output[j] = value;
        }
    }

    /// <summary>
    /// Elman backward for one row: dPre = (dh + dOut) ⊙ g'(a), with g' from the activation y = g(a)
    /// (see <see cref="Derivative(float, Nonlinearity)"/>).
    /// </summary>
    public static void Backward(ReadOnlySpan<float> dh, ReadOnlySpan<float> dOut, ReadOnlySpan<float> activation, Nonlinearity g, Span<float> dPre)
    {
        int n = dPre.Length;
        if (dh.Length < n || dOut.Length < n || activation.Length < n) throw new ArgumentException("Elman row buffers are too short.");
        int j = 0;
        if (Vector512.IsHardwareAccelerated && n >= 16)
        {
            ref readonly float dh0 = ref dh[0], dy0 = ref dOut[0], a0 = ref activation[0];
            ref float dp0 = ref dPre[0];
            for (; j <= n - 16; j += 16)
            {
                nuint at = (nuint)j;
                var d = Vector512.LoadUnsafe(in dh0, at) + Vector512.LoadUnsafe(in dy0, at);
                (d * Derivative(Vector512.LoadUnsafe(in a0, at), g)).StoreUnsafe(ref dp0, at);
            }
        }
        for (; j < n; j++)
        {
            float dhTotal = dh[j] + dOut[j];                       // ∂L/∂h_t: from step t+1 and from the output at t
            dPre[j] = dhTotal * Derivative(activation[j], g);      // ∂L/∂a_t = ∂L/∂h_t ⊙ g'(a_t)
        }
    }

    /// <summary>g(a) in place over a block of rows, for the Jordan hidden layer.</summary>
    public static void Activate(Span<float> v, Nonlinearity g)
    {
        switch (g)
        {
            case Nonlinearity.Tanh: TensorPrimitives.Tanh(v, v); break;
            case Nonlinearity.Relu: TensorPrimitives.Max(v, 0f, v); break;
            case Nonlinearity.Sigmoid: TensorPrimitives.Sigmoid(v, v); break;
        }
    }

    /// <summary>g(a) for one value.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Activate(float a, Nonlinearity g) => g switch
    {
        Nonlinearity.Tanh => MathF.Tanh(a),
        Nonlinearity.Relu => MathF.Max(a, 0f),
        Nonlinearity.Sigmoid => Sigmoid(a),
        _ => a,
    };

    /// <summary>g'(a) written through the activation y = g(a): 1 − y² (tanh), [y &gt; 0] (ReLU), y (1 − y) (σ), 1 (identity).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Derivative(float y, Nonlinearity g) => g switch
    {
        Nonlinearity.Tanh => 1f - y * y,
        Nonlinearity.Relu => y > 0f ? 1f : 0f,
        Nonlinearity.Sigmoid => y * (1f - y),
        _ => 1f,
    };

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Activate(Vector512<float> a, Nonlinearity g) => g switch
    {
        Nonlinearity.Tanh => Tanh(a),
        Nonlinearity.Relu => Vector512.Max(a, Vector512<float>.Zero),
        Nonlinearity.Sigmoid => Sigmoid(a),
        _ => a,
    };

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Activate(Vector256<float> a, Nonlinearity g) => g switch
    {
        Nonlinearity.Tanh => Tanh(a),
        Nonlinearity.Relu => Vector256.Max(a, Vector256<float>.Zero),
        Nonlinearity.Sigmoid => Sigmoid(a),
        _ => a,
    };

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Derivative(Vector512<float> y, Nonlinearity g) => g switch
    {
        Nonlinearity.Tanh => Vector512<float>.One - y * y,
        Nonlinearity.Relu => Vector512.ConditionalSelect(Vector512.GreaterThan(y, Vector512<float>.Zero), Vector512<float>.One, Vector512<float>.Zero),
        Nonlinearity.Sigmoid => y * (Vector512<float>.One - y),
        _ => Vector512<float>.One,
    };
}
