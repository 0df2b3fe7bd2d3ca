namespace Recurrent.Tensors;

/// <summary>
/// Float arrays kept for reuse, by exact length: storage whose lifetime the library controls, such as the buffers a fused
/// recurrent kernel caches for BPTT and the gradients of a tape's intermediate results (released when the tape is disposed).
/// A training loop asks for the same sizes at every step; a fresh array of megabytes instead costs the garbage collector
/// a clearing pass and the operating system a page fault per 4 KiB on first touch, because the collector hands such arrays
/// fresh pages (about 8,000 faults and 5–7% of a step of a 2-layer bidirectional LSTM with hidden size 512).
/// Thread-safe. Arrays come back with stale contents.
/// </summary>
internal static class StoragePool
{
    /// <summary>Most floats kept (512 MiB); arrays given back beyond it are left to the garbage collector.</summary>
    private const long CapacityFloats = 1L << 27;

    /// <summary>Arrays shorter than this are not worth pooling: the collector's small-object path is cheap for them.</summary>
    private const int MinimumLength = 4096;

    private static readonly Dictionary<int, Stack<float[]>> Free = [];
    private static long pooledFloats;

    /// <summary>An array of exactly <paramref name="length"/> floats with stale contents.</summary>
    public static float[] Rent(int length) => Take(length) ?? GC.AllocateUninitializedArray<float>(length);

    /// <summary>Gives an array back; the caller must not use it afterwards.</summary>
    public static void Return(float[] array)
    {
        if (array.Length < MinimumLength) return;
        lock (Free)
        {
            if (pooledFloats + array.Length > CapacityFloats) return;
            if (!Free.TryGetValue(array.Length, out var stack)) Free[array.Length] = stack = new Stack<float[]>();
            // Given back twice, an array would go to two renters at once and corrupt both silently (a handful per length: cheap).
            if (stack.Contains(array)) throw new InvalidOperationException("An array was given back to the storage pool twice.");
            stack.Push(array);
            pooledFloats += array.Length;
        }
    }

    private static float[]? Take(int length)
    {
        if (length < MinimumLength) return null;
        lock (Free)
        {
            if (!Free.TryGetValue(length, out var stack) || stack.Count == 0) return null;
            pooledFloats -= length;
            return stack.Pop();
        }
    }
}
