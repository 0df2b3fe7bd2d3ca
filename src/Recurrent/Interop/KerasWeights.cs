using Recurrent.Recurrence;

namespace Recurrent.Interop;

/// <summary>
/// Keras <c>LSTM</c> and <c>GRU</c> weights (as <c>layer.get_weights()</c> returns them; no HDF5 needed) in Recurrent's layout, which is
/// PyTorch's. Keras multiplies x · kernel, PyTorch W · x, so every matrix is transposed: kernel [I, G·H] → weight_ih [G·H, I],
/// recurrent_kernel [H, G·H] → weight_hh [G·H, H]. The gate blocks of H columns are then put in PyTorch's order:
/// <list type="bullet">
/// <item>LSTM: Keras i, f, c, o is PyTorch's i, f, g, o already; Keras' one bias [4H] becomes bias_ih, and bias_hh is zero.</item>
/// <item>GRU: Keras z, r, h becomes r, z, n. With <c>reset_after=True</c> (Keras' default, PyTorch's nn.GRU, <see cref="CellKind.Gru"/>)
/// the bias [2, 3H] holds the input bias (row 0 → bias_ih) and the recurrent bias (row 1 → bias_hh); with <c>reset_after=False</c>
/// (<see cref="CellKind.GruResetBefore"/>) the one bias [3H] becomes bias_ih, and bias_hh is zero.</item>
/// </list>
/// </summary>
public static class KerasWeights
{
    /// <summary>Keras LSTM gates i, f, c, o in PyTorch's order i, f, g, o: the same blocks.</summary>
    private static readonly int[] LstmOrder = [0, 1, 2, 3];

    /// <summary>For each PyTorch GRU block r, z, n, the Keras block it comes from (Keras z, r, h).</summary>
    private static readonly int[] GruOrder = [1, 0, 2];

    /// <param name="kernel">[I, 4H].</param>
    /// <param name="recurrentKernel">[H, 4H].</param>
    /// <param name="bias">[4H].</param>
    public static KerasCellWeights Lstm(Tensor kernel, Tensor recurrentKernel, Tensor bias)
    {
        int hidden = HiddenSize(kernel, recurrentKernel, gates: 4);
        RequireShape(bias, "bias", [4 * hidden]);
        return new KerasCellWeights(CellKind.Lstm, Reorder(kernel, LstmOrder, hidden), Reorder(recurrentKernel, LstmOrder, hidden),
            ReorderBias(bias.ReadOnlySpan, LstmOrder, hidden), new Tensor(4 * hidden));
    }

    /// <param name="kernel">[I, 3H].</param>
    /// <param name="recurrentKernel">[H, 3H].</param>
    /// <param name="bias">[2, 3H] when <paramref name="resetAfter"/>, else [3H].</param>
    /// <param name="resetAfter">
    /// the Keras layer's <c>reset_after</c>: true gives a <see cref="CellKind.Gru"/>, false a <see cref="CellKind.GruResetBefore"/>.
    /// </param>
    public static KerasCellWeights Gru(Tensor kernel, Tensor recurrentKernel, Tensor bias, bool resetAfter)
    {
        int hidden = HiddenSize(kernel, recurrentKernel, gates: 3);
        var inputWeight = Reorder(kernel, GruOrder, hidden);
        var recurrentWeight = Reorder(recurrentKernel, GruOrder, hidden);
        if (!resetAfter)
        {
            RequireShape(bias, "bias", [3 * hidden]);
            return new KerasCellWeights(CellKind.GruResetBefore, inputWeight, recurrentWeight, ReorderBias(bias.ReadOnlySpan, GruOrder, hidden),
                new Tensor(3 * hidden));
        }
        RequireShape(bias, "bias", [2, 3 * hidden]);
        return new KerasCellWeights(CellKind.Gru, inputWeight, recurrentWeight,
            ReorderBias(bias.ReadOnlySpan[..(3 * hidden)], GruOrder, hidden), ReorderBias(bias.ReadOnlySpan[(3 * hidden)..], GruOrder, hidden));
    }

    /// <summary>H from recurrent_kernel [H, G·H], with kernel [I, G·H] checked against it.</summary>
    private static int HiddenSize(Tensor kernel, Tensor recurrentKernel, int gates)
    {
        if (recurrentKernel.Rank != 2 || recurrentKernel.Dim(1) != gates * recurrentKernel.Dim(0))
            throw new ArgumentException($"recurrent_kernel must be [units, {gates}·units], but is {Tensor.ShapeText(recurrentKernel.Shape)}.",
                nameof(recurrentKernel));
        int hidden = recurrentKernel.Dim(0);
        if (kernel.Rank != 2 || kernel.Dim(1) != gates * hidden)
            throw new ArgumentException($"kernel must be [input, {gates * hidden}] for {hidden} units, but is {Tensor.ShapeText(kernel.Shape)}.",
                nameof(kernel));
        return hidden;
    }

    private static void RequireShape(Tensor tensor, string name, int[] shape)
    {
        if (!tensor.Shape.AsSpan().SequenceEqual(shape))
            throw new ArgumentException($"{name} must be {Tensor.ShapeText(shape)}, but is {Tensor.ShapeText(tensor.Shape)}.", name);
    }

    /// <summary>Keras matrix [R, G·H] → PyTorch [G·H, R]: row g·H + j of the result is column order[g]·H + j of the Keras matrix.</summary>
    private static Tensor Reorder(Tensor keras, int[] order, int hidden)
    {
        int rows = keras.Dim(0), columns = keras.Dim(1);
        var result = new Tensor(columns, rows);
        var source = keras.ReadOnlySpan;
        var target = result.Span;
        for (int gate = 0; gate < order.Length; gate++)
            for (int j = 0; j < hidden; j++)
                for (int r = 0; r < rows; r++)
                    target[(gate * hidden + j) * rows + r] = source[r * columns + order[gate] * hidden + j];
        return result;
    }

    /// <summary>Keras bias [G·H] → PyTorch's gate order.</summary>
    private static Tensor ReorderBias(ReadOnlySpan<float> keras, int[] order, int hidden)
    {
        var result = new Tensor(order.Length * hidden);
        for (int gate = 0; gate < order.Length; gate++)
            keras.Slice(order[gate] * hidden, hidden).CopyTo(result.Span.Slice(gate * hidden, hidden));
        return result;
    }
}
