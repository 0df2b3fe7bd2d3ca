using System.Numerics.Tensors;
using Recurrent.Autograd;
using Recurrent.Tensors;

namespace Recurrent.Layers;

/// <summary>
/// The backward step of <see cref="Crf.NegativeLogLikelihood"/>: what the forward pass cached (the potentials, the gold tags
/// and α̂ [B, T, K]) and the gradients, expected minus observed counts:
/// <code>
/// ∂/∂E_t(j) = p_t(j) − [y_t = j],   ∂/∂A[i, j] = Σ_t ξ_t(i, j) − #(y_{t−1} = i, y_t = j),
/// ∂/∂start(j) = p₀(j) − [y₀ = j],   ∂/∂end(j) = p_{L−1}(j) − [y_{L−1} = j]
/// </code>
/// each scaled by the output's gradient / B. The sentences run in parallel into their own buffers, summed in sentence order.
/// </summary>
internal sealed class CrfGradients(CrfPotentials potentials, Tensor emissions, int[] tags, int[] lengths, double[] alphaHat)
{
    /// <summary>Adds the gradients, times <paramref name="scale"/>, into those of the inputs that require one.</summary>
    public void Accumulate(float scale, Variable emissionsVariable, Variable transitions, Variable start, Variable end)
    {
        int batch = lengths.Length, steps = emissions.Dim(1), k = potentials.Tags;
        var marginals = new double[batch * steps * k];   // [B, T, K] p_t(j); zero at padded steps
        var pairMoments = new double[batch * k * k];      // [B, K, K] Σ_t α̂_{t−1} ⊗ ŵ_t / z_t of each sentence
        ParallelRanges.For(batch, 1, 1 + Crf.SentenceWork / (steps * k * k), (first, last) =>
        {
            for (int b = first; b < last; b++)
            {
                int offset = b * steps * k, size = lengths[b] * k;
                CrfRecursions.Marginals(potentials, emissions.Data.AsSpan(offset, size), alphaHat.AsSpan(offset, size),
                    marginals.AsSpan(offset, size), pairMoments.AsSpan(b * k * k, k * k));
            }
        });
        if (emissionsVariable.RequiresGrad) AddEmissionGradient(emissionsVariable.GradOrZeros().Span, marginals, scale);
        if (transitions.RequiresGrad) AddTransitionGradient(transitions.GradOrZeros().Span, pairMoments, scale);
        if (start.RequiresGrad) AddBoundaryGradient(start.GradOrZeros().Span, marginals, atEnd: false, scale);
        if (end.RequiresGrad) AddBoundaryGradient(end.GradOrZeros().Span, marginals, atEnd: true, scale);
    }

    /// <summary>∂/∂E_t(j) += scale (p_t(j) − [y_t = j]) at the steps within each sentence.</summary>
    private void AddEmissionGradient(Span<float> gradient, double[] marginals, float scale)
    {
        int steps = emissions.Dim(1), k = potentials.Tags;
        for (int b = 0; b < lengths.Length; b++)
            for (int t = 0; t < lengths[b]; t++)
            {
                int offset = (b * steps + t) * k;
                for (int j = 0; j < k; j++) gradient[offset + j] += (float)(scale * marginals[offset + j]);
                gradient[offset + tags[b * steps + t]] -= scale;
            }
    }

    /// <summary>∂/∂A[i, j] += scale (exp(A[i, j] − max A) Σ_b pairMoments_b[i, j] − #(i → j in the gold paths)); 0 where forbidden.</summary>
    private void AddTransitionGradient(Span<float> gradient, double[] pairMoments, float scale)
    {
        int steps = emissions.Dim(1), k = potentials.Tags;
        var expected = new double[k * k];
        for (int b = 0; b < lengths.Length; b++) TensorPrimitives.Add(expected, pairMoments.AsSpan(b * k * k, k * k), expected);
        TensorPrimitives.Multiply(expected, potentials.TransitionWeights, expected);
        for (int i = 0; i < k * k; i++) gradient[i] += (float)(scale * expected[i]);
        for (int b = 0; b < lengths.Length; b++)
            for (int t = 1; t < lengths[b]; t++)
                gradient[tags[b * steps + t - 1] * k + tags[b * steps + t]] -= scale;
    }

    /// <summary>∂/∂start(j) += scale (p₀(j) − [y₀ = j]), or for the end the same at each sentence's last step.</summary>
    private void AddBoundaryGradient(Span<float> gradient, double[] marginals, bool atEnd, float scale)
    {
        int steps = emissions.Dim(1), k = potentials.Tags;
        for (int b = 0; b < lengths.Length; b++)
        {
            int t = atEnd ? lengths[b] - 1 : 0;
            for (int j = 0; j < k; j++) gradient[j] += (float)(scale * marginals[(b * steps + t) * k + j]);
            gradient[tags[b * steps + t]] -= scale;
        }
    }
}
