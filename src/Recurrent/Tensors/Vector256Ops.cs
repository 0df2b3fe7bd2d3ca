using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Recurrent.Tensors;

/// <summary>256-bit vectors with FMA (the AVX2 kernel).</summary>
internal unsafe struct Vector256Ops : IVectorOps<Vector256<float>>
{
    public static int Count => 8;

    public static Vector256<float> Broadcast(float value) => Vector256.Create(value);

    public static Vector256<float> Load(float* source) => Vector256.Load(source);

    public static void Store(Vector256<float> value, float* destination) => value.Store(destination);

    public static Vector256<float> MultiplyAdd(Vector256<float> a, Vector256<float> b, Vector256<float> addend) => Fma.MultiplyAdd(a, b, addend);

    public static Vector256<float> Add(Vector256<float> a, Vector256<float> b) => a + b;

    public static Vector256<float> Multiply(Vector256<float> a, Vector256<float> b) => a * b;
}
