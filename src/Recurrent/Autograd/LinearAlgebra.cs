using System.Numerics.Tensors;
using Recurrent.Tensors;

namespace Recurrent.Autograd;

/// <summary>Matrix products, all on <see cref="Gemm"/>.</summary>
public static partial class Ops
{
    /// <summary>
    /// op(a) · op(b) for 2-D a and b, where op transposes when asked:
    /// a [m, k] (or [k, m] with transA), b [k, n] (or [n, k] with transB) → [m, n].
    /// </summary>
    public static Variable MatMul(Variable a, Variable b, bool transA = false, bool transB = false) => Product(a, b, transA, transB, bias: null);

    /// <summary>
    /// op(a) · op(b), plus <paramref name="bias"/> [n] on every row when given, as one op: the bias is added in place into
    /// the product and its gradient is the column sums of the output's, so a linear layer's output (a translator's
    /// 367 × 5,704 scores) is written once and its gradient read directly, not copied through a separate addition.
    /// </summary>
    private static Variable Product(Variable a, Variable b, bool transA, bool transB, Variable? bias)
    {
        if (a.Value.Rank != 2 || b.Value.Rank != 2)
            throw new ArgumentException($"MatMul needs 2-D operands, got {Tensor.ShapeText(a.Shape)} and {Tensor.ShapeText(b.Shape)}.");
        int m = transA ? a.Dim(1) : a.Dim(0), k = transA ? a.Dim(0) : a.Dim(1);
        int kb = transB ? b.Dim(1) : b.Dim(0), n = transB ? b.Dim(0) : b.Dim(1);
        if (k != kb)
            throw new ArgumentException($"MatMul: inner extents differ ({Tensor.ShapeText(a.Shape)}{(transA ? "ᵀ" : "")} · " +
                $"{Tensor.ShapeText(b.Shape)}{(transB ? "ᵀ" : "")}).");
        var value = Tape.NewValue(m, n); // every element is written below: stale pooled contents do not matter
        // A few rows times a weight (a decoder step's x · Wᵀ) reuse the weight packed once for the tape, when it packs weights once.
        bool sharedB = !transA && m <= SharedPackingRows && b.Tape is null;
        if (sharedB && Tape.SharedPacking(b.Value, transB) is { } packed)
            Gemm.Multiply(false, m, 1f, a.Value.ReadOnlySpan, a.Dim(1), packed, 0f, value.Span, n);
        else
            Gemm.Multiply(transA, transB, m, n, k, 1f, a.Value.ReadOnlySpan, a.Dim(1), b.Value.ReadOnlySpan, b.Dim(1), 0f, value.Span, n);
        if (bias is not null)
        {
            if (bias.Value.Rank != 1 || bias.Dim(0) != n)
                throw new ArgumentException($"Linear: the bias has shape {Tensor.ShapeText(bias.Shape)}; it must be [{n}], one per output.");
            // Added after the product, as a separate addition would: the same bits (rows on all cores when there are many).
            ParallelRanges.For(m, 1, Math.Max(1, ParallelElements / Math.Max(n, 1)), (first, end) =>
            {
                for (int row = first; row < end; row++)
                    TensorPrimitives.Add(value.Span.Slice(row * n, n), bias.Value.ReadOnlySpan, value.Span.Slice(row * n, n));
            });
        }
        Variable[] inputs = bias is null ? [a, b] : [a, b, bias];
        return Tape.Record(value, inputs, output => () =>
        {
            if (bias is { RequiresGrad: true }) bias.AccumulateGrad(SumRows(output.Grad!, n));
            var g = output.Grad!.ReadOnlySpan; // [m, n]
            if (a.RequiresGrad)
            {
                // dA = dC · op(B)ᵀ, stored as A is stored (transposed when transA).
                var ga = a.GradForAccumulation(out float beta).Span;
                if (sharedB && Tape.SharedPacking(b.Value, !transB) is { } packedT) Gemm.Multiply(false, m, 1f, g, n, packedT, beta, ga, k);
                else if (!transA) Gemm.Multiply(false, !transB, m, k, n, 1f, g, n, b.Value.ReadOnlySpan, b.Dim(1), beta, ga, k);
                else Gemm.Multiply(transB, true, k, m, n, 1f, b.Value.ReadOnlySpan, b.Dim(1), g, n, beta, ga, m);
            }
            // A linear layer's dW = dCᵀ · x over a decoder step's few rows waits for the others of the backward pass.
            if (b.RequiresGrad && !(transB && !transA && Tape.GatherWeightGradient(b, g, m, a.Value.ReadOnlySpan)))
            {
                // dB = op(A)ᵀ · dC, stored as B is stored.
                var gb = b.GradForAccumulation(out float beta).Span;
                if (!transB) Gemm.Multiply(!transA, false, k, n, m, 1f, a.Value.ReadOnlySpan, a.Dim(1), g, n, beta, gb, n);
                else Gemm.Multiply(true, transA, n, k, m, 1f, g, n, a.Value.ReadOnlySpan, a.Dim(1), beta, gb, k);
            }
        });
    }

    /// <summary>Products with up to this many rows of A take a weight B (a leaf) packed once per tape (see
    /// <see cref="Tape.PackWeightsOnce"/>): below it packing B costs as much as the product.</summary>
    private const int SharedPackingRows = 128;

    /// <summary>x · Wᵀ + b with PyTorch's layout: x [rows, in], weight [out, in], bias [out] or null → [rows, out].</summary>
    public static Variable Linear(Variable x, Variable weight, Variable? bias = null) => Product(x, weight, transA: false, transB: true, bias);
}
