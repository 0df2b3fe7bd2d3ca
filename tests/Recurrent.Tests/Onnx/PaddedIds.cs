using Microsoft.ML.OnnxRuntime.Tensors;

namespace Recurrent.Tests.Onnx;

/// <summary>Ragged rows of token ids as an exported model's two inputs: ids int64 [B, T] and lengths int64 [B].</summary>
internal static class PaddedIds
{
    /// <summary>The rows padded to the longest with <paramref name="padding"/>(row, step) past each row's length, and the lengths.</summary>
    public static (DenseTensor<long> Ids, DenseTensor<long> Lengths) Of(IReadOnlyList<long[]> rows, Func<int, int, long> padding)
    {
        int batch = rows.Count, time = rows.Max(row => row.Length);
        var ids = new DenseTensor<long>([batch, time]);
        var lengths = new DenseTensor<long>([batch]);
        for (int b = 0; b < batch; b++)
        {
            lengths[b] = rows[b].Length;
            for (int t = 0; t < time; t++) ids[b, t] = t < rows[b].Length ? rows[b][t] : padding(b, t);
        }
        return (ids, lengths);
    }
}
