using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Recurrent.Tensors;

/// <summary>512-bit vectors (the AVX-512 kernel).</summary>
internal unsafe struct Vector512Ops : IVectorOps<Vector512<float>>
{
    public static int Count => 16;

    public static Vector512<float> Broadcast(float value) => Vector512.Create(value);

    public static Vector512<float> Load(float* source) => Vector512.Load(source);

    public static void Store(Vector512<float> value, float* destination) => value.Store(destination);

    public static Vector512<float> MultiplyAdd(Vector512<float> a, Vector512<float> b, Vector512<float> addend) =>
        Avx512F.FusedMultiplyAdd(a, b, addend);

    public static Vector512<float> Add(Vector512<float> a, Vector512<float> b) => a + b;

    public static Vector512<float> Multiply(Vector512<float> a, Vector512<float> b) => a * b;
}
