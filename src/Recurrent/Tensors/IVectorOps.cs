namespace Recurrent.Tensors;

/// <summary>
/// The vector operations of one SIMD width that <see cref="GemmRowKernel"/> needs. Implemented by empty structs, so that
/// each width gets its own compiled kernel with every call inlined.
/// </summary>
internal unsafe interface IVectorOps<TVector> where TVector : struct
{
    /// <summary>Floats per vector.</summary>
    static abstract int Count { get; }

    static abstract TVector Broadcast(float value);

    static abstract TVector Load(float* source);

    static abstract void Store(TVector value, float* destination);

    /// <summary>a · b + addend, rounded once.</summary>
    static abstract TVector MultiplyAdd(TVector a, TVector b, TVector addend);

    static abstract TVector Add(TVector a, TVector b);

    static abstract TVector Multiply(TVector a, TVector b);
}
