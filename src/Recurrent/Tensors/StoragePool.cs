namespace Recurrent.Tensors;

/// <summary>
/// Float arrays kept for reuse: storage whose lifetime the library controls, such as the buffers a fused recurrent kernel
/// caches for BPTT and the gradients of a tape's intermediate results (released when the tape is disposed).
/// A training loop asks for the same sizes at every step; a fresh array of megabytes instead costs the garbage collector
/// a clearing pass and the operating system a page fault per 4 KiB on first touch, because the collector hands such arrays
/// fresh pages (about 8,000 faults and 5–7% of a step of a 2-layer bidirectional LSTM with hidden size 512).
/// <para>
/// Two rules keep the pool from filling up with arrays nobody asks for again when the shapes change from step to step
/// (classification batches grouped by length: nearly every batch has a new time extent):
/// </para>
/// <list type="bullet">
/// <item>Sizes are rounded up to a size class, eight per octave (at most 12.5% more than asked for), so a step with
/// 41 time steps reuses the arrays of a step with 40. A rented array can be longer than asked for: use its first
/// <c>length</c> elements (a <see cref="Tensor"/> over it uses its first <see cref="Tensor.Size"/>).</item>
/// <item>When no array of the class is kept, one of the next <see cref="LargerClassesTaken"/> classes up serves (at most 41%
/// longer): a translator's output layer asks for [N, 5,704] with N, its batch's target words, different at every step,
/// so with exact classes each new class of N meant three fresh 8 MB arrays while longer ones sat in the pool.</item>
/// <item>The pool holds at most <see cref="CapacityFloats"/>; an array given back to a full pool evicts the arrays that
/// were given back longest ago (least recently used), which are left to the garbage collector. A training loop gives
/// its hot sizes back at every step, so they stay; sizes of past shapes age out.</item>
/// </list>
/// Thread-safe. Arrays come back with stale contents.
/// </summary>
internal sealed class StoragePool
{
    /// <summary>Arrays shorter than this are not worth pooling: the collector's small-object path is cheap for them.</summary>
    public const int MinimumLength = 4096;

    /// <summary>Size classes per doubling of the length: the most a rented array exceeds its request by is 1/8.</summary>
    private const int ClassesPerOctave = 8;

    /// <summary>The pool the library's kernels and tapes share, bounded by <see cref="DefaultCapacityFloats"/>.</summary>
    public static StoragePool Shared { get; } = new(DefaultCapacityFloats());

    /// <summary>Most floats kept; arrays beyond it are left to the garbage collector.</summary>
    public long CapacityFloats { get; }

    /// <summary>Floats held now (the lengths of the arrays kept, not counting those rented out).</summary>
    public long PooledFloats { get; private set; }

    /// <summary>Arrays held now.</summary>
    public int PooledArrays => byReturn.Count;

    /// <summary>Every kept array, given back longest ago first: eviction takes from the front.</summary>
    private readonly LinkedList<float[]> byReturn = new();

    /// <summary>The kept arrays of each size class, given back longest ago first: renting takes the last (the warmest).</summary>
    private readonly Dictionary<int, List<LinkedListNode<float[]>>> free = [];

    public StoragePool(long capacityFloats)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacityFloats);
        CapacityFloats = capacityFloats;
    }

    /// <summary>
    /// The shared pool's bound: 1/8 of the memory the garbage collector may use (the machine's, a container's limit, or
    /// <c>GCHeapHardLimit</c>), at most 256 MiB. The largest fixed-shape step measured (2-layer bidirectional LSTM, hidden
    /// 512, batch 32, 100 steps) keeps 200 MiB here; under a 256 MB heap limit the pool keeps 32 MiB.
    /// </summary>
    public static long DefaultCapacityFloats()
    {
        long available = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
        long ceiling = 256L << 20;
        return (available > 0 ? Math.Min(ceiling, available / 8) : ceiling) / sizeof(float);
    }

    /// <summary>The length an array rented for <paramref name="length"/> floats has: <paramref name="length"/> rounded up to
    /// its size class (k·2^(e−3) for k = 8…16), or <paramref name="length"/> itself below <see cref="MinimumLength"/>.</summary>
    public static int ClassLength(int length)
    {
        if (length < MinimumLength) return length;
        int step = 1 << (31 - int.LeadingZeroCount(length) - 3); // 2^(e−3) for 2^e ≤ length < 2^(e+1)
        long rounded = ((long)length + step - 1) / step * step;
        return rounded > Array.MaxLength ? length : (int)rounded;
    }

    /// <summary>An array of at least <paramref name="length"/> floats with stale contents: of <see cref="ClassLength"/>, or a kept
    /// one of a class up to <see cref="LargerClassesTaken"/> classes longer when none of that class is kept.</summary>
    public float[] Rent(int length)
    {
        int classLength = ClassLength(length);
        return Take(classLength) ?? GC.AllocateUninitializedArray<float>(classLength);
    }

    /// <summary>Gives an array back; the caller must not use it afterwards. Arrays that are not of a size class (not rented
    /// here) are left to the garbage collector.</summary>
    public void Return(float[] array)
    {
        if (array.Length < MinimumLength || ClassLength(array.Length) != array.Length || array.Length > CapacityFloats) return;
        lock (byReturn)
        {
            // Given back twice, an array would go to two renters at once and corrupt both silently (a handful per class: cheap).
            if (free.TryGetValue(array.Length, out var same) && same.Exists(node => ReferenceEquals(node.Value, array)))
                throw new InvalidOperationException("An array was given back to the storage pool twice.");
            // Evicting first: it can empty (and remove) this array's class.
            while (PooledFloats + array.Length > CapacityFloats) EvictLeastRecentlyReturned();
            if (!free.TryGetValue(array.Length, out var kept)) free[array.Length] = kept = [];
            kept.Add(byReturn.AddLast(array));
            PooledFloats += array.Length;
        }
    }

    /// <summary>Size classes above the one asked for that <see cref="Rent"/> takes a kept array from: 2^(4/8), at most 41% longer.</summary>
    public const int LargerClassesTaken = 4;

    private float[]? Take(int classLength)
    {
        if (classLength < MinimumLength) return null;
        lock (byReturn)
        {
            int length = classLength;
            for (int larger = 0; larger <= LargerClassesTaken && length <= Array.MaxLength; larger++, length = ClassLength(length + 1))
            {
                if (!free.TryGetValue(length, out var kept) || kept.Count == 0) continue;
                var warmest = kept[^1];
                kept.RemoveAt(kept.Count - 1);
                byReturn.Remove(warmest);
                PooledFloats -= length;
                return warmest.Value;
            }
            return null;
        }
    }

    /// <summary>Drops the array given back longest ago (the first of its class too); the caller holds the lock.</summary>
    private void EvictLeastRecentlyReturned()
    {
        var coldest = byReturn.First!;
        var kept = free[coldest.Value.Length];
        kept.Remove(coldest);
        if (kept.Count == 0) free.Remove(coldest.Value.Length);
        byReturn.RemoveFirst();
        PooledFloats -= coldest.Value.Length;
    }
}
