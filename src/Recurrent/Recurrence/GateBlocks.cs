using Recurrent.Autograd;

namespace Recurrent.Recurrence;

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
