using Recurrent.Recurrence;

namespace Recurrent.Interpretation;

/// <summary>
/// A recurrent layer with explicit weights and inputs, to be run step by step by <see cref="CellTrace"/>:
/// the "compute by hand" exercise written down. Tensors use PyTorch's layouts (batch first) and
/// parameter names; the member names mirror the JSON spec read by <c>rnn trace</c>.
/// </summary>
public sealed record TraceSpec
{
    /// <summary>Free text shown at the top of the report (where the numbers come from).</summary>
    public string? Description { get; init; }

    public required CellKind Cell { get; init; }

    /// <summary>g in h_t = g(pre_t); only RNN and Jordan cells have a choice.</summary>
    public Nonlinearity Nonlinearity { get; init; } = Nonlinearity.Tanh;

    public required int InputSize { get; init; }
    public required int HiddenSize { get; init; }
    public int NumLayers { get; init; } = 1;
    public bool Bidirectional { get; init; }

    /// <summary>
    /// Parameters by PyTorch name (<c>weight_ih_l0</c>, <c>bias_hh_l1_reverse</c>, ...). Every weight matrix
    /// must be given; a missing bias is zero, and so is a missing peephole weight (<c>weight_pi_l0</c> [H], of a
    /// <see cref="CellKind.LstmPeephole"/> cell).
    /// </summary>
    public required IReadOnlyDictionary<string, Tensor> Weights { get; init; }

    /// <summary>Optional read-out y_t = weight · h_t + bias on the layer's output.</summary>
    public TraceReadout? Output { get; init; }

    /// <summary>[B, T, input_size].</summary>
    public required Tensor Inputs { get; init; }

    /// <summary>Valid steps per sequence [B], or null when every sequence spans all T steps.</summary>
    public int[]? Lengths { get; init; }

    /// <summary>Initial hidden state [L·D, B, H], or null for zeros.</summary>
    public Tensor? H0 { get; init; }

    /// <summary>Initial cell state [L·D, B, H] (LSTM only), or null for zeros.</summary>
    public Tensor? C0 { get; init; }

    public SquaredErrorLoss? Loss { get; init; }

    public int NumDirections => Bidirectional ? 2 : 1;

    /// <summary>Width of one output step: D·H.</summary>
    public int OutputWidth => NumDirections * HiddenSize;

    /// <summary>Width of the values the loss compares with targets: the read-out's rows, else D·H.</summary>
    public int PredictionWidth => Output?.Weight.Dim(0) ?? OutputWidth;
}

