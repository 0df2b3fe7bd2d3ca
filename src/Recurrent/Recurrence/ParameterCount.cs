namespace Recurrent.Recurrence;

/// <summary>How many bias vectors each gate has.</summary>
public enum BiasConvention
{
    /// <summary>PyTorch's layout: <c>bias_ih</c> and <c>bias_hh</c>, two vectors per gate (what <see cref="RecurrentLayer"/> holds).</summary>
    TwoBiases,

    /// <summary>The textbook layout: one bias b per gate, as in h_t = tanh(W_hh h_{t−1} + W_xh x_t + b_h).</summary>
    OneBias,
}

/// <summary>
/// Number of trainable values of a recurrent layer, computed from its sizes alone (no layer is built).
/// Per layer and direction with G gates (<see cref="RecurrentCell.GateCount"/>: Elman and Jordan 1, GRU 3, LSTM 4) and layer input size I_k
/// (input_size for k = 0, directions·hidden_size above):
/// G·H·I_k (W_ih) + G·H·H (W_hh) + G·H per bias vector, plus the cell's own parameters
/// (<see cref="RecurrentCell.ExtraParameters"/>: H·H + H for Jordan's output map W_ho, b_ho).
/// </summary>
public static class RecurrentParameterCount
{
    public static long Of(CellKind cell, int inputSize, int hiddenSize, int numLayers = 1, bool bidirectional = false,
                          BiasConvention biases = BiasConvention.TwoBiases)
    {
        if (inputSize <= 0) throw new ArgumentOutOfRangeException(nameof(inputSize), inputSize, "input size must be positive.");
        if (hiddenSize <= 0) throw new ArgumentOutOfRangeException(nameof(hiddenSize), hiddenSize, "hidden size must be positive.");
        if (numLayers <= 0) throw new ArgumentOutOfRangeException(nameof(numLayers), numLayers, "number of layers must be positive.");
        var recurrentCell = RecurrentCells.Of(cell);
        long h = hiddenSize, gates = recurrentCell.GateCount * h;
        int directions = bidirectional ? 2 : 1;
        int biasVectors = biases == BiasConvention.TwoBiases ? 2 : 1;
        // Layers above the first all read directions·H: one count for them, times their number (a loop over a damaged
        // num_layers of 2^31 − 1 would take seconds).
        long PerLayer(long layerInput) =>
            directions * (gates * layerInput + gates * h + biasVectors * gates + recurrentCell.ExtraParameters.Sum(parameter => parameter.Count(hiddenSize)));
        return PerLayer(inputSize) + (numLayers - 1L) * PerLayer(directions * h);
    }
}
