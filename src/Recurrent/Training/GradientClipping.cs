using System.Numerics.Tensors;
using Recurrent.Autograd;

namespace Recurrent.Training;

/// <summary>Rescaling or clamping of parameter gradients between backward and the optimizer step; parameters with no gradient are skipped.</summary>
public static class GradientClipping
{
    /// <summary>Elements whose squares are summed in float before the sum joins the double total.</summary>
    private const int SumChunk = 1024;

    /// <summary>
    /// PyTorch's <c>clip_grad_norm_</c>: the L2 norm ‖g‖ of all gradients taken together (accumulated in double);
    /// when it exceeds <paramref name="maxNorm"/> every gradient is scaled by maxNorm / (‖g‖ + 10⁻⁶).
    /// Returns the norm before clipping. A non-finite norm (an overflow or NaN in a gradient) is returned as is and
    /// the gradients are left untouched, so the caller can see it and skip the step (PyTorch would fill them with NaN).
    /// </summary>
    public static float ClipByGlobalNorm(IEnumerable<Variable> parameters, float maxNorm)
    {
        OptionCheck.Positive(maxNorm, nameof(GradientClipping));
        var grads = parameters.Select(p => p.Grad).OfType<Tensor>().ToList();
        double sumOfSquares = 0;
        foreach (var grad in grads)
        {
            // Vectorised in float over short chunks, the chunks summed in double: as exact as a double loop for any size.
            var values = grad.ReadOnlySpan;
            for (int start = 0; start < values.Length; start += SumChunk)
                sumOfSquares += TensorPrimitives.SumOfSquares(values.Slice(start, Math.Min(SumChunk, values.Length - start)));
        }
        double totalNorm = Math.Sqrt(sumOfSquares);
        if (!double.IsFinite(totalNorm)) return (float)totalNorm;

        double coefficient = maxNorm / (totalNorm + 1e-6);
        if (coefficient < 1)
            foreach (var grad in grads) TensorPrimitives.Multiply(grad.Span, (float)coefficient, grad.Span);
        return (float)totalNorm;
    }

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
