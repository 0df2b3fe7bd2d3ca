namespace Recurrent.Training;

/// <summary>
/// Everything an <see cref="Optimizer"/> needs to resume exactly where it stopped, in a form a checkpoint can store:
/// per-parameter buffers named after PyTorch's state keys and the parameter's position (<c>exp_avg/3</c>, flat, row-major),
/// and named scalars (<c>lr</c>, <c>step_count</c>, <c>step/3</c>).
/// Parameter positions count only the parameters the optimizer updates (those that require a gradient), in the order given.
/// </summary>
public sealed class OptimizerState
{
    /// <summary>The optimizer's name as <see cref="OptimizerFactory"/> spells it (<c>adam</c>); loading checks it.</summary>
    public required string Kind { get; init; }

    /// <summary>Shape of each parameter the state belongs to; loading checks them against the optimizer's parameters.</summary>
    public required IReadOnlyList<int[]> ParameterShapes { get; init; }

    /// <summary>Per-parameter buffers, <c>name/position</c> → values. A parameter that was never updated has none.</summary>
    public Dictionary<string, float[]> Buffers { get; init; } = new();

    public Dictionary<string, double> Scalars { get; init; } = new();
}
