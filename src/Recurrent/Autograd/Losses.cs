using System.Numerics.Tensors;
using Recurrent.Tensors;

namespace Recurrent.Autograd;

/// <summary>Scalar training losses.</summary>
public static partial class Ops
{
    /// <summary>
    /// Cross-entropy of logits [N, C] against class indices (one per row): lᵢ = −log softmax(logitsᵢ)[yᵢ], combined as
    /// Σ w_yᵢ lᵢ / Σ w_yᵢ (mean) or Σ w_yᵢ lᵢ (sum) over the counted rows. Unlike PyTorch, a mean over no counted rows is 0, not NaN,
    /// so a batch that is all padding contributes nothing. ∂/∂logitsᵢ = scale · w_yᵢ · (softmax(logitsᵢ) − onehot(yᵢ)).
    /// With label smoothing ε (<see cref="CrossEntropyOptions.LabelSmoothing"/>) a counted row costs, as in PyTorch,
    /// (1 − ε) w_y (−log p_y) + ε/C Σ_c w_c (−log p_c), and the mean still divides by Σ w_y over the counted rows; its gradient is
    /// (1 − ε) w_y (p − onehot(y)) + ε/C (W p − w) with W = Σ_c w_c and w the class weights (all 1 without ClassWeights).
    /// </summary>
    public static Variable CrossEntropy(Variable logits, int[] targets, CrossEntropyOptions? options = null)
    {
        options ??= new CrossEntropyOptions();
        if (logits.Value.Rank != 2)
            throw new ArgumentException($"CrossEntropy needs logits of shape [N, C], got {Tensor.ShapeText(logits.Shape)}; " +
                "reshape sequences to [batch · time, classes].");
        int rows = logits.Dim(0), classes = logits.Dim(1);
        if (targets.Length != rows)
            throw new ArgumentException($"CrossEntropy: {targets.Length} targets for {rows} rows of logits {Tensor.ShapeText(logits.Shape)}.", nameof(targets));
        if (options.ClassWeights is { } classWeights && classWeights.Length != classes)
            throw new ArgumentException($"CrossEntropy: ClassWeights has {classWeights.Length} entries but the logits have " +
                $"{classes} classes.", nameof(options));
        if (options.Mask is { } mask && mask.Length != rows)
            throw new ArgumentException($"CrossEntropy: Mask has {mask.Length} entries but the logits have {rows} rows.", nameof(options));

        float epsilon = options.LabelSmoothing;
        if (!(epsilon >= 0f && epsilon < 1f))
            throw new ArgumentOutOfRangeException(nameof(options), epsilon,
                $"CrossEntropyOptions.LabelSmoothing is {epsilon}; it must be in [0, 1): 0 turns smoothing off, 0.1 is the usual choice.");
        // Label smoothing: the target's share 1 − ε, each class's share ε/C, and W = Σ_c w_c (only needed when ε > 0).
        float targetShare = 1f - epsilon, classShare = epsilon / classes;
        float classWeightTotal = epsilon == 0f ? 0f : options.ClassWeights is { } allWeights ? TensorPrimitives.Sum(allWeights) : classes;

        // Cached for backward: each counted row's exponentials exp(z − max) [N, C] and their sum, so that the backward pass
        // reads p = exp(z − max) / Σ without computing an exponential again (a translator's 367 × 5,704 scores at every step),
        // and each row's weight w_y (0 when not counted).
        var exponentials = Tape.NewValue(rows, classes); // only counted rows are written and read
        var rowSum = new float[rows];
        var rowWeight = new float[rows];
        var rowLoss = new float[rows]; // each counted row's term of the loss, summed in row order below
        for (int row = 0; row < rows; row++)
        {
            int y = targets[row];
            if (!Counted(row)) continue;
            if ((uint)y >= (uint)classes)
                throw new ArgumentOutOfRangeException(nameof(targets),
                    $"CrossEntropy: target {y} in row {row} is outside the classes [0, {classes}); mark rows without a target " +
                    $"with IgnoreIndex ({options.IgnoreIndex}) or the Mask.");
            rowWeight[row] = options.ClassWeights?[y] ?? 1f;
        }
        // The rows' log-softmax on all cores (a translator's 367 rows × 5,704 words); each row is computed alone, so the
        // bits do not depend on the split. log p_c = (z_c − max) − log Σ, the same bits as LogSoftmaxRow.
        ParallelRanges.For(rows, 1, ParallelRowFloats / Math.Max(1, classes) + 1, (first, end) =>
        {
            for (int row = first; row < end; row++)
            {
                if (!Counted(row)) continue;
                int y = targets[row];
                float w = rowWeight[row];
                var z = logits.Value.ReadOnlySpan.Slice(row * classes, classes);
                var e = exponentials.Span.Slice(row * classes, classes);
                float max = TensorPrimitives.Max(z);
                TensorPrimitives.Subtract(z, max, e);
                TensorPrimitives.Exp(e, e);
                float sum = TensorPrimitives.Sum(e), logSum = MathF.Log(sum);
                rowSum[row] = sum;
                float logPy = (z[y] - max) - logSum;
                if (epsilon == 0f)
                {
                    rowLoss[row] = -w * logPy;
                    continue;
                }
                var logP = SmoothingScratch(classes);
                TensorPrimitives.Subtract(z, max, logP);
                TensorPrimitives.Subtract(logP, logSum, logP);
                float weightedLogPSum = options.ClassWeights is { } weights ? TensorPrimitives.Dot(weights, logP) : TensorPrimitives.Sum(logP);
                rowLoss[row] = -(targetShare * w * logPy + classShare * weightedLogPSum);
            }
        });
        double weightSum = 0, lossSum = 0;
        for (int row = 0; row < rows; row++)
        {
            if (!Counted(row)) continue;
            weightSum += rowWeight[row];
            lossSum += rowLoss[row];
        }
        float scale = options.Reduction == Reduction.Sum ? 1f : weightSum > 0 ? (float)(1.0 / weightSum) : 0f;
        var value = Tensor.Scalar((float)(lossSum * scale));
        return Tape.Record(value, logits, output => () =>
        {
            float g = output.Grad!.Data[0] * scale;
            // A fresh gradient (β = 0) has stale contents: each row is written whole rather than cleared and added to.
            var gradient = logits.GradForAccumulation(out float beta);
            ParallelRanges.For(rows, 1, ParallelRowFloats / Math.Max(1, classes) + 1, (first, end) =>
            {
                var gl = gradient.Span;
                for (int row = first; row < end; row++)
                {
                    var dst = gl.Slice(row * classes, classes);
                    // Without smoothing a row of weight 0 has no gradient; with it, every counted row has the ε/C (W p − w) term.
                    if (rowWeight[row] == 0f && (epsilon == 0f || !Counted(row)))
                    {
                        if (beta == 0f) dst.Clear();
                        continue;
                    }
                    // p · weight = exp(z − max) · (weight / Σ).
                    float probabilityWeight = g * (targetShare * rowWeight[row] + classShare * classWeightTotal) / rowSum[row];
                    var e = exponentials.ReadOnlySpan.Slice(row * classes, classes);
                    if (beta == 0f) TensorPrimitives.Multiply(e, probabilityWeight, dst);
                    else TensorPrimitives.MultiplyAdd(e, probabilityWeight, dst, dst);
                    dst[targets[row]] -= g * targetShare * rowWeight[row];
                    if (epsilon == 0f) continue;
                    if (options.ClassWeights is { } weights) TensorPrimitives.MultiplyAdd(weights, -g * classShare, dst, dst);
                    else TensorPrimitives.Add(dst, -g * classShare, dst);
                }
            });
        });

        bool Counted(int row) => targets[row] != options.IgnoreIndex && options.Mask?[row] != false;
    }

    /// <summary>A row of log-probabilities for label smoothing's Σ_c w_c log p_c, one per thread.</summary>
    private static Span<float> SmoothingScratch(int classes)
    {
        if (smoothingScratch is null || smoothingScratch.Length < classes) smoothingScratch = new float[classes];
        return smoothingScratch.AsSpan(0, classes);
    }

    [ThreadStatic] private static float[]? smoothingScratch;

    /// <summary>Cross-entropy over at least this many scores (rows × classes) runs its rows on all cores.</summary>
    private const int ParallelRowFloats = 1 << 16;

    /// <summary>
    /// Mean of (prediction − target)² over the counted elements (0 when none is counted). The mask holds one flag per element,
    /// or one per row of the last axis (prediction.Size / last extent flags); false excludes the element or row.
    /// ∂/∂prediction = 2 (prediction − target) / count.
    /// </summary>
    public static Variable MeanSquaredError(Variable prediction, Tensor target, bool[]? mask = null)
    {
        if (!prediction.Value.SameShape(target))
            throw new ArgumentException($"MeanSquaredError: prediction {Tensor.ShapeText(prediction.Shape)} and target " +
                $"{Tensor.ShapeText(target.Shape)} must have the same shape.");
        int size = prediction.Value.Size;
        int width = prediction.Value.Rank == 0 ? 1 : prediction.Dim(-1);
        int perFlag = 1;
        if (mask is not null)
        {
            if (mask.Length == size) perFlag = 1;
            else if (width > 0 && mask.Length * width == size) perFlag = width;
            else
                throw new ArgumentException(
                    $"MeanSquaredError: mask has {mask.Length} flags; a prediction of shape " +
                    $"{Tensor.ShapeText(prediction.Shape)} needs {size} (one per element) or {(width == 0 ? 0 : size / width)} (one per row).", nameof(mask));
        }

        // Cached for backward: the residual, zeroed where masked out, so it is also the gradient's direction.
        var residual = new float[size];
        var p = prediction.Value.ReadOnlySpan;
        var t = target.ReadOnlySpan;
        int count = 0;
        double sum = 0;
        for (int i = 0; i < size; i++)
        {
            if (mask is not null && !mask[i / perFlag]) continue;
            float r = p[i] - t[i];
            residual[i] = r;
            sum += (double)r * r;
            count++;
        }
        float scale = count == 0 ? 0f : 1f / count;
        var value = Tensor.Scalar((float)(sum * scale));
        return Tape.Record(value, prediction, output => () =>
        {
            var g = prediction.GradOrZeros().Span;
            TensorPrimitives.MultiplyAdd(residual, 2f * scale * output.Grad!.Data[0], g, g);
        });
    }

    /// <summary>
    /// Pinball (quantile) loss of predictions [.., Q], one per quantile level τ_q, against targets of the leading shape [..]
    /// (prediction.Size / Q values): the mean over all elements of ρ_τ(y − ŷ) = max(τ (y − ŷ), (τ − 1)(y − ŷ)), whose
    /// minimiser is the τ-quantile of y. ∂/∂ŷ = (1[ŷ &gt; y] − τ) / count; at ŷ = y, where ρ has a kink, the mean of both
    /// sides, 0.5 − τ (as PyTorch's gradient of torch.maximum at a tie).
    /// </summary>
    public static Variable PinballLoss(Variable prediction, Tensor target, float[] quantiles)
    {
        ArgumentNullException.ThrowIfNull(quantiles);
        int levels = quantiles.Length, size = prediction.Value.Size;
        if (levels == 0 || prediction.Value.Rank == 0 || prediction.Dim(-1) != levels)
            throw new ArgumentException($"PinballLoss: predictions {Tensor.ShapeText(prediction.Shape)} must have one value per quantile level " +
                $"({levels}) on their last axis.", nameof(prediction));
        if (target.Size * levels != size)
            throw new ArgumentException($"PinballLoss: target {Tensor.ShapeText(target.Shape)} must hold one value per row of predictions " +
                $"{Tensor.ShapeText(prediction.Shape)}, {size / levels} in all.", nameof(target));
        foreach (float tau in quantiles)
            if (!(tau > 0f && tau < 1f)) throw new ArgumentOutOfRangeException(nameof(quantiles), $"PinballLoss: quantile level {tau} is outside (0, 1).");

        // Cached for backward: ∂ρ/∂ŷ of each element, 1[ŷ > y] − τ (0.5 − τ at a tie).
        var slope = new float[size];
        var p = prediction.Value.ReadOnlySpan;
        var t = target.ReadOnlySpan;
        double sum = 0;
        for (int i = 0; i < size; i++)
        {
            float tau = quantiles[i % levels], residual = t[i / levels] - p[i];                          // y − ŷ
            sum += Math.Max(tau * residual, (tau - 1f) * residual);
            slope[i] = (residual < 0f ? 1f : residual == 0f ? 0.5f : 0f) - tau;
        }
        float scale = 1f / size;
        return Tape.Record(Tensor.Scalar((float)(sum * scale)), prediction, output => () =>
        {
            var g = prediction.GradOrZeros().Span;
            TensorPrimitives.MultiplyAdd(slope, scale * output.Grad!.Data[0], g, g);
        });
    }
}
