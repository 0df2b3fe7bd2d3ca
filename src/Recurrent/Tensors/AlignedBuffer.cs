using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Recurrent.Tensors;

/// <summary>
/// A growable float scratch buffer on the pinned object heap whose usable part starts on a 64-byte
/// (cache line, one zmm register) boundary, so packed GEMM panels can be read with aligned vector loads
/// through a raw pointer that stays valid for the buffer's lifetime.
/// </summary>
internal sealed unsafe class AlignedBuffer
{
    /// <summary>The alignment in floats (64 bytes); an array holds this many extra floats to make room for it.</summary>
    public const int AlignFloats = 16;

    private float[] array = [];
    private float* start;
    private nint capacity;

    /// <summary>A pointer to at least <paramref name="floats"/> floats; contents are unspecified and
    /// invalidated by the next larger request.</summary>
    public float* Get(nint floats)
    {
        if (floats > capacity)
        {
            nint size = Math.Max(floats, capacity + capacity / 2);
            array = Allocate(size, out start);
            capacity = size;
        }
        return start;
    }

    /// <summary>A pinned array with room for <paramref name="floats"/> floats from the 64-byte aligned <paramref name="aligned"/>.</summary>
    public static float[] Allocate(nint floats, out float* aligned)
    {
        var array = GC.AllocateUninitializedArray<float>(checked((int)(floats + AlignFloats)), pinned: true);
        aligned = AlignedStart(array);
        return array;
    }

    /// <summary>The first 64-byte aligned element of a pinned array.</summary>
    public static float* AlignedStart(float[] pinned)
    {
        float* first = (float*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(pinned));
        return (float*)(((nint)first + (AlignFloats * sizeof(float) - 1)) & ~(nint)(AlignFloats * sizeof(float) - 1));
    }
}
