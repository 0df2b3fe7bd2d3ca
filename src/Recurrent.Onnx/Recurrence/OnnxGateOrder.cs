using Recurrent.Recurrence;

namespace Recurrent.Onnx.Recurrence;

/// <summary>
/// The one place where Recurrent's gate order (PyTorch's) becomes ONNX's (<see cref="Permute"/>, for export) and back
/// (<see cref="Unpermute"/>, for import). A layer's weights stack G blocks of H rows;
/// ONNX block k is Recurrent's block <see cref="SourceBlocks"/>[k]:
/// LSTM i, f, g, o → ONNX i, o, f, c; GRU r, z, n → ONNX z, r, h; Elman has one block. The peephole LSTM's weights
/// p_i, p_f, p_o → ONNX's P blocks i, o, f (<see cref="PeepholeSourceBlocks"/>).
/// </summary>
public static class OnnxGateOrder
{
    /// <summary>For each ONNX gate block in order, the index of the Recurrent (PyTorch) block it takes.</summary>
    public static int[] SourceBlocks(CellKind cell) => cell switch
    {
        CellKind.Lstm or CellKind.LstmPeephole => [0, 3, 1, 2], // i, o, f, c ← i, f, g, o
        CellKind.Gru or CellKind.GruResetBefore => [1, 0, 2],   // z, r, h ← r, z, n
        CellKind.Elman => [0],
        _ => throw new ArgumentException($"{cell} cells have no ONNX operator."),
    };

    /// <summary>For each block of ONNX's P (i, o, f), the index of the peephole weight it takes among weight_pi, weight_pf, weight_po.</summary>
    public static int[] PeepholeSourceBlocks { get; } = [0, 2, 1]; // i, o, f ← i, f, o

    /// <summary>
    /// Copies <paramref name="source"/> (G blocks of H·<paramref name="columns"/> values in Recurrent's order) into
    /// <paramref name="destination"/> in ONNX's order.
    /// </summary>
    public static void Permute(CellKind cell, ReadOnlySpan<float> source, Span<float> destination, int hiddenSize, int columns)
    {
        var blocks = SourceBlocks(cell);
        int blockSize = hiddenSize * columns;
        if (source.Length != blocks.Length * blockSize || destination.Length != source.Length)
            throw new ArgumentException($"{cell} weights of {source.Length} values are not {blocks.Length} blocks of {hiddenSize}×{columns}.");
        for (int k = 0; k < blocks.Length; k++)
            source.Slice(blocks[k] * blockSize, blockSize).CopyTo(destination.Slice(k * blockSize, blockSize));
    }

    /// <summary>
    /// The inverse of <see cref="Permute"/>: copies <paramref name="source"/> (G blocks of H·<paramref name="columns"/> values in
    /// ONNX's order) into <paramref name="destination"/> in Recurrent's order.
    /// </summary>
    public static void Unpermute(CellKind cell, ReadOnlySpan<float> source, Span<float> destination, int hiddenSize, int columns)
    {
        var blocks = SourceBlocks(cell);
        int blockSize = hiddenSize * columns;
        if (source.Length != blocks.Length * blockSize || destination.Length != source.Length)
            throw new ArgumentException($"ONNX {cell} weights of {source.Length} values are not {blocks.Length} blocks of {hiddenSize}×{columns}.");
        for (int k = 0; k < blocks.Length; k++)
            source.Slice(k * blockSize, blockSize).CopyTo(destination.Slice(blocks[k] * blockSize, blockSize));
    }
}
