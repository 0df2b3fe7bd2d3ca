using System.Numerics.Tensors;
using Recurrent.Tensors;

namespace Recurrent.Autograd;

/// <summary>
/// The alignment scores e[b, i] = align(s_b, h_{b,i}) of a decoder's attention, one query per batch row against the
/// precomputed keys of its source sentence. Padded source positions get score 0 and no gradient: the masked softmax
/// that follows gives them weight 0 whatever their score.
/// </summary>
public static partial class Ops
{
    /// <summary>
    /// Multiplicative scores e[b, i] = q[b] · k[b, i] for i &lt; L_b (Luong dot and general):
    /// keys [B, S, D], query [B, D] → scores [B, S]; null lengths mean all S positions count.
    /// </summary>
    public static Variable DotScores(Variable keys, Variable query, int[]? lengths = null)
    {
        var (batch, sourceLength, width) = CheckScoreShapes(keys, query, "DotScores");
        var length = CheckLengths(lengths, batch, sourceLength, "DotScores");
        var value = new Tensor(batch, sourceLength);
        var k = keys.Value.ReadOnlySpan;
        var q = query.Value.ReadOnlySpan;
        for (int b = 0; b < batch; b++)
            for (int i = 0; i < length[b]; i++)
                value.Data[b * sourceLength + i] = TensorPrimitives.Dot(q.Slice(b * width, width), k.Slice((b * sourceLength + i) * width, width));
        return Tape.Record(value, keys, query, output => () =>
        {
            // ∂q[b] = Σ_i g[b, i] k[b, i];  ∂k[b, i] = g[b, i] q[b].
            var g = output.Grad!.ReadOnlySpan;
            var dq = query.RequiresGrad ? query.GradOrZeros().Span : default;
            var dk = keys.RequiresGrad ? keys.GradOrZeros().Span : default;
            for (int b = 0; b < batch; b++)
                for (int i = 0; i < length[b]; i++)
                {
                    float gi = g[b * sourceLength + i];
                    int row = (b * sourceLength + i) * width;
                    if (query.RequiresGrad)
                        TensorPrimitives.MultiplyAdd(keys.Value.ReadOnlySpan.Slice(row, width), gi, dq.Slice(b * width, width), dq.Slice(b * width, width));
                    if (keys.RequiresGrad)
                        TensorPrimitives.MultiplyAdd(query.Value.ReadOnlySpan.Slice(b * width, width), gi, dk.Slice(row, width), dk.Slice(row, width));
                }
        });
    }

    /// <summary>
    /// Additive scores e[b, i] = v · tanh(q[b] + k[b, i]) for i &lt; L_b (Bahdanau's v·tanh(W₁ s + W₂ h_i) and Luong concat,
    /// with q = W₁ s and k = W₂ h_i already projected): keys [B, S, A], query [B, A], v [A] or [1, A] → scores [B, S].
    /// The tanh values [B, S, A] are cached for the backward step.
    /// </summary>
    public static Variable AdditiveScores(Variable keys, Variable query, Variable v, int[]? lengths = null)
    {
        var (batch, sourceLength, width) = CheckScoreShapes(keys, query, "AdditiveScores");
        if (v.Value.Size != width || v.Value.Rank > 2 || (v.Value.Rank == 2 && v.Dim(0) != 1))
            throw new ArgumentException(
                $"AdditiveScores needs v [{width}] or [1, {width}] for keys of width {width}, got {Tensor.ShapeText(v.Shape)}.", nameof(v));
        var length = CheckLengths(lengths, batch, sourceLength, "AdditiveScores");
        var value = new Tensor(batch, sourceLength);
        // tanh(q[b] + k[b, i]) [B, S, A], cached for the backward step (padded rows are neither written nor read, so pooled
        // storage's stale contents do not matter); one row [A] when nothing records.
        bool recording = Tape.Current is not null && (keys.RequiresGrad || query.RequiresGrad || v.RequiresGrad);
        var energy = recording ? Tape.NewBackwardCache(batch * sourceLength * width) : null;
        var vRow = v.Value;
        // Sentences on all cores: a decoder step of 64 sentences × 10 source words × 512 units is 330,000 tanh.
        ParallelRanges.For(batch, 1, AdditiveRowsPerRange, (first, end) =>
        {
            var scratch = energy is null ? new float[width] : null;
            for (int b = first; b < end; b++)
            {
                var q = query.Value.ReadOnlySpan.Slice(b * width, width);
                for (int i = 0; i < length[b]; i++)
                {
                    int row = (b * sourceLength + i) * width;
                    var u = energy is null ? scratch : energy.AsSpan(row, width);
                    TensorPrimitives.Add(keys.Value.ReadOnlySpan.Slice(row, width), q, u);
                    TensorPrimitives.Tanh(u, u);
                    value.Data[b * sourceLength + i] = TensorPrimitives.Dot(vRow.ReadOnlySpan, u);
                }
            }
        });
        return Tape.Record(value, [keys, query, v], output => () =>
        {
            // With u = tanh(q + k): ∂v += g u;  ∂(q + k) = g v ⊙ (1 − u²), added to both ∂q[b] and ∂k[b, i].
            var g = output.Grad!;
            if (v.RequiresGrad)
            {
                // ∂v: a sum over all (b, i) rows, split by columns so each element is summed in the same order on any core count.
                var dv = v.GradOrZeros();
                ParallelRanges.For(width, 16, 64, (first, end) =>
                {
                    var dvColumns = dv.Span[first..end];
                    for (int b = 0; b < batch; b++)
                        for (int i = 0; i < length[b]; i++)
                            TensorPrimitives.MultiplyAdd(energy!.AsSpan((b * sourceLength + i) * width + first, end - first),
                                g.Data[b * sourceLength + i], dvColumns, dvColumns);
                });
            }
            if (!query.RequiresGrad && !keys.RequiresGrad) return;
            var dq = query.RequiresGrad ? query.GradOrZeros() : null;
            var dk = keys.RequiresGrad ? keys.GradOrZeros() : null;
            ParallelRanges.For(batch, 1, AdditiveRowsPerRange, (first, end) =>
            {
                var vValues = v.Value.ReadOnlySpan;
                var dPre = new float[width]; // ∂(q + k) of one (b, i)
                for (int b = first; b < end; b++)
                    for (int i = 0; i < length[b]; i++)
                    {
                        float gi = g.Data[b * sourceLength + i];
                        int row = (b * sourceLength + i) * width;
                        var u = energy!.AsSpan(row, width);
                        TensorPrimitives.Multiply(u, u, dPre);
                        TensorPrimitives.Subtract(1f, dPre, dPre);
                        TensorPrimitives.Multiply(dPre, vValues, dPre);
                        TensorPrimitives.Multiply(dPre, gi, dPre);
                        if (dq is not null) TensorPrimitives.Add(dq.Span.Slice(b * width, width), dPre, dq.Span.Slice(b * width, width));
                        if (dk is not null) TensorPrimitives.Add(dk.Span.Slice(row, width), dPre, dk.Span.Slice(row, width));
                    }
            });
        });
    }

    /// <summary>At least this many sentences per core in <see cref="AdditiveScores"/>: below it, waking a core costs more than it saves.</summary>
    private const int AdditiveRowsPerRange = 4;

    private static (int Batch, int SourceLength, int Width) CheckScoreShapes(Variable keys, Variable query, string op)
    {
        if (keys.Value.Rank != 3 || query.Value.Rank != 2 || query.Dim(0) != keys.Dim(0) || query.Dim(1) != keys.Dim(2))
            throw new ArgumentException($"{op} needs keys [B, S, D] and query [B, D], got {Tensor.ShapeText(keys.Shape)} and {Tensor.ShapeText(query.Shape)}.");
        return (keys.Dim(0), keys.Dim(1), keys.Dim(2));
    }
}
