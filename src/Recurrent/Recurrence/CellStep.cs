using Recurrent.Autograd;

namespace Recurrent.Recurrence;

/// <summary>
/// What one step of a reference cell produces: the state carried to the next step (h_t; for Jordan the output y_t,
/// which is also the step's output), the LSTM cell state c_t, and every named intermediate value ([B, H] each)
/// for traces (see <see cref="StepTrace"/> for the keys).
/// </summary>
public sealed record CellStep(Variable Hidden, Variable? Cell, IReadOnlyDictionary<string, Variable> Values);

/// <summary>Shared by the reference cells.</summary>
internal static class GateBlocks
{
    /// <summary>Gate block <paramref name="index"/> (H columns) of a [B, G·H] pre-activation.</summary>
    public static Variable Block(Variable gates, int index, int hidden) => Ops.Slice(gates, 1, index * hidden, hidden);

    /// <summary>g(a) for the Elman and Jordan hidden layers.</summary>
    public static Variable Activate(Variable a, Nonlinearity nonlinearity) => nonlinearity switch
    {
        Nonlinearity.Tanh => Ops.Tanh(a),
        Nonlinearity.Relu => Ops.Relu(a),
        Nonlinearity.Sigmoid => Ops.Sigmoid(a),
        _ => a,
    };
}
