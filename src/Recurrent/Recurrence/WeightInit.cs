namespace Recurrent.Recurrence;

/// <summary>Initial values of a weight matrix; applied per gate block of H rows.</summary>
public enum WeightInit
{
    /// <summary>U(−1/√H, 1/√H), PyTorch's default for recurrent layers.</summary>
    PyTorchUniform,

    /// <summary>Glorot/Xavier uniform: U(±√(6 / (fan_in + fan_out))) per gate block.</summary>
    XavierUniform,

    /// <summary>Orthonormal rows per gate block (Gram–Schmidt on a standard normal matrix), as Keras does for recurrent kernels.</summary>
    Orthogonal,
}
