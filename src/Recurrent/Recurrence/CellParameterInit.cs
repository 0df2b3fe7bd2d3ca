namespace Recurrent.Recurrence;

/// <summary>How a parameter a cell adds (<see cref="CellParameter"/>) is filled when a layer is built.</summary>
public enum CellParameterInit
{
    /// <summary>As weight_ih: <see cref="RecurrentOptions.InputWeightInit"/>, with PyTorch's bound 1/√H for the uniform forms.</summary>
    LikeInputWeight,

    /// <summary>Uniform in ±1/√H, as PyTorch fills its biases.</summary>
    UniformBias,

    /// <summary>Zeros: the cell starts as the cell without this parameter (as peephole weights usually do).</summary>
    Zeros,
}
