using Recurrent.Tensors;
using Recurrent.Autograd;

namespace Recurrent.Recurrence;

/// <summary>
/// The large per-call buffers of the fused sequence kernels (activations cached for BPTT, gate gradients, step scratch),
/// rented from a shared pool and given back when the backward pass is done with them, so that a training loop reuses the
/// same arrays step after step instead of allocating (and the GC clearing) tens of megabytes per step.
/// Rented arrays hold stale values: kernels write every element they read.
/// </summary>
internal static class Buffers
{
    /// <summary>An array of at least <paramref name="length"/> floats (its size class: up to 1/8 more) with stale contents,
    /// from <see cref="StoragePool.Shared"/>; kernels use its first <paramref name="length"/>.</summary>
    public static float[] Rent(int length) => StoragePool.Shared.Rent(length);

    public static void Return(params ReadOnlySpan<float[]> arrays)
    {
        foreach (var array in arrays) StoragePool.Shared.Return(array);
    }

    /// <summary>True when <see cref="Tape.Record(Recurrent.Tensors.Tensor, Variable[], Func{Variable, Action})"/> would record a backward step for
    /// these inputs.</summary>
    public static bool WillRecord(Variable[] inputs) => Tape.Current is not null && inputs.Any(v => v.RequiresGrad);

    /// <summary>The cached buffers of one recorded node: the backward pass takes them once and returns them to the pool.</summary>
    public sealed class Lease(float[][] cached)
    {
        private float[][]? buffers = cached;

        public float[][] Take(string kernel)
        {
            var taken = buffers ?? throw new InvalidOperationException(
                $"The fused {kernel} node was already back-propagated and its cached activations released; run the forward pass again for another " +
                    $"backward pass.");
            buffers = null;
            return taken;
        }
    }
}
