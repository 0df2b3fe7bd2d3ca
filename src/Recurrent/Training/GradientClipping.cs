using System.Numerics.Tensors;
using Recurrent.Autograd;
using Recurrent.Tensors;

namespace Recurrent.Training;

/// <summary>Rescaling or clamping of parameter gradients between backward and the optimizer step; parameters with no gradient are skipped.</summary>
public static class GradientClipping
{
    /// <summary>Elements whose squares are summed in float before the sum joins the double total.</summary>
    private const int SumChunk = 1024;

    /// <summary>
    /// PyTorch's <c>clip_grad_norm_</c>: the L2 norm ‖g‖ of all gradients taken together (<see cref="GlobalNorm"/>);
    /// when it exceeds <paramref name="maxNorm"/> every gradient is scaled by maxNorm / (‖g‖ + 10⁻⁶).
    /// Returns the norm before clipping. A non-finite norm (an overflow or NaN in a gradient) is returned as is and
    /// the gradients are left untouched, so the caller can see it and skip the step (PyTorch would fill them with NaN).
    /// </summary>
    public static float ClipByGlobalNorm(IEnumerable<Variable> parameters, float maxNorm)
    {
        var grads = parameters.Select(p => p.Grad).OfType<Tensor>().ToList();
        var (norm, scale) = NormAndScale(grads, maxNorm);
        if (scale != 1f)
            foreach (var grad in grads)
            {
                var values = grad.Data;
                int length = grad.Size;
                ParallelRanges.For(length, SumChunk, ParallelChunks * SumChunk, (first, end) =>
                    TensorPrimitives.Multiply(values.AsSpan(first, end - first), scale, values.AsSpan(first, end - first)));
            }
        return norm;
    }

    /// <summary>
    /// What <see cref="ClipByGlobalNorm"/> measures and the factor it would scale every gradient by (1 when the norm is
    /// within <paramref name="maxNorm"/> or not finite), with the gradients unchanged: a training loop hands the factor to
    /// <see cref="Optimizer.Step(float)"/>, which folds it into its own pass over the gradients instead of a pass that
    /// rewrites them (12 M parameters: 2 ms of a translator's step).
    /// </summary>
    public static (float Norm, float Scale) GlobalNormScale(IEnumerable<Variable> parameters, float maxNorm) =>
        NormAndScale(parameters.Select(p => p.Grad).OfType<Tensor>().ToList(), maxNorm);

    private static (float Norm, float Scale) NormAndScale(List<Tensor> grads, float maxNorm)
    {
        OptionCheck.Positive(maxNorm, nameof(GradientClipping));
        double totalNorm = NormOf(grads);
        if (!double.IsFinite(totalNorm)) return ((float)totalNorm, 1f);
        double coefficient = maxNorm / (totalNorm + 1e-6);
        return ((float)totalNorm, coefficient < 1 ? (float)coefficient : 1f);
    }

    /// <summary>The L2 norm ‖g‖ of all the parameters' gradients taken together, as <see cref="ClipByGlobalNorm"/> measures it; nothing is changed.</summary>
    public static float GlobalNorm(IEnumerable<Variable> parameters) =>
        (float)NormOf(parameters.Select(p => p.Grad).OfType<Tensor>().ToList());

    /// <summary>√(Σ g²) over <paramref name="grads"/>, accumulated in double.</summary>
    private static double NormOf(List<Tensor> grads)
    {
        double sumOfSquares = 0;
        foreach (var grad in grads)
        {
            // Vectorised in float over short chunks (on all cores), the chunks summed in double in their order: as exact as a
            // double loop for any size, and the same bits for any thread count.
            var values = grad.Data;
            int length = grad.Size, chunks = (length + SumChunk - 1) / SumChunk;
            var chunkSums = new double[chunks];
            ParallelRanges.For(chunks, 1, ParallelChunks, (first, end) =>
            {
                for (int c = first; c < end; c++)
                    chunkSums[c] = TensorPrimitives.SumOfSquares(values.AsSpan(c * SumChunk, Math.Min(SumChunk, length - c * SumChunk)));
            });
            foreach (double chunkSum in chunkSums) sumOfSquares += chunkSum;
        }
        return Math.Sqrt(sumOfSquares);
    }

    /// <summary>Gradients of at least this many chunks (<see cref="SumChunk"/> floats each) are summed and scaled on all cores.</summary>
    private const int ParallelChunks = 64;

    /// <summary>Clamps every gradient element to [−<paramref name="clipValue"/>, <paramref name="clipValue"/>] (PyTorch's <c>clip_grad_value_</c>).</summary>
    public static void ClipByValue(IEnumerable<Variable> parameters, float clipValue)
    {
        OptionCheck.Positive(clipValue, nameof(GradientClipping));
        foreach (var p in parameters)
        {
            if (p.Grad is not { } grad) continue;
            TensorPrimitives.Clamp(grad.Span, -clipValue, clipValue, grad.Span);
        }
    }
}
