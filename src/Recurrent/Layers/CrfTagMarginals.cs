using System.Numerics.Tensors;
using Recurrent.Autograd;
using Recurrent.Tensors;

namespace Recurrent.Layers;

/// <summary>
/// Forward and backward step of <see cref="Crf.TagMarginals"/>: per sentence b, p_b = exp(log Z_{j,k} − log Z) with the
/// forward algorithm run twice, on the emissions E and on the clamped emissions Ê (E with −∞ at position j for every tag but
/// k). Cached for backward: both α̂ [B, T, K] and Ê. The gradients, scaled by the output's gradient g_b:
/// <code>
/// ∂p/∂E_t(m) = p (p̂_t(m) − p_t(m)),   ∂p/∂A[i, j] = p (Σ_t ξ̂_t(i, j) − Σ_t ξ_t(i, j)),
/// ∂p/∂start(m) = p (p̂₀(m) − p₀(m)),   ∂p/∂end(m) = p (p̂_{L−1}(m) − p_{L−1}(m))
/// </code>
/// where p̂ and ξ̂ are the marginals given y_j = k (<see cref="CrfRecursions.Marginals"/> on Ê).
/// </summary>
internal sealed class CrfTagMarginals
{
    private readonly CrfPotentials potentials;
    private readonly Tensor emissions;              // [B, T, K]
    private readonly float[] clamped;                // [B, T, K] Ê
    private readonly double[] alphaHat, clampedAlphaHat; // [B, T, K] each
    private readonly int[] lengths;

    public CrfTagMarginals(CrfPotentials potentials, Tensor emissions, int[] lengths, int[] positions, int[] tags)
    {
        this.potentials = potentials;
        this.emissions = emissions;
        this.lengths = lengths;
        int batch = lengths.Length, steps = emissions.Dim(1), k = potentials.Tags;
        clamped = emissions.ReadOnlySpan.ToArray();
        alphaHat = new double[batch * steps * k];
        clampedAlphaHat = new double[batch * steps * k];
        Probabilities = new double[batch];
        ParallelRanges.For(batch, 1, 1 + Crf.SentenceWork / (2 * steps * k * k), (first, end) =>
        {
            for (int b = first; b < end; b++)
            {
                int offset = b * steps * k, size = lengths[b] * k;
                var clampedRow = clamped.AsSpan(offset + positions[b] * k, k);
                for (int j = 0; j < k; j++)
                    if (j != tags[b]) clampedRow[j] = float.NegativeInfinity;
                double logZ = CrfRecursions.LogPartition(potentials, emissions.Data.AsSpan(offset, size), alphaHat.AsSpan(offset, size));
                double clampedLogZ = CrfRecursions.LogPartition(potentials, clamped.AsSpan(offset, size), clampedAlphaHat.AsSpan(offset, size));
                Probabilities[b] = double.IsNegativeInfinity(clampedLogZ) ? 0 : Math.Exp(clampedLogZ - logZ);
            }
        });
        for (int b = 0; b < batch; b++)
            if (!double.IsFinite(Probabilities[b]))
                throw new InvalidOperationException($"Crf.TagMarginals: the marginal of sentence {b} is {Probabilities[b]}: its emission or " +
                    "transition scores are NaN or infinite.");
    }

    /// <summary>[B] p(y_j = k | x) of each sentence.</summary>
    public double[] Probabilities { get; }

    /// <summary>Adds the gradients of Σ_b g_b p_b into those of the inputs that require one.</summary>
    public void Accumulate(ReadOnlySpan<float> outputGradient, Variable emissionsVariable, Variable transitions, Variable start, Variable end)
    {
        int batch = lengths.Length, steps = emissions.Dim(1), k = potentials.Tags;
        var marginals = new double[batch * steps * k];          // [B, T, K] p_t(m)
        var clampedMarginals = new double[batch * steps * k];   // [B, T, K] p̂_t(m)
        var pairMoments = new double[batch * k * k];            // [B, K, K] of each sentence, as CrfRecursions.Marginals adds them
        var clampedPairMoments = new double[batch * k * k];
        var scales = new double[batch];                         // g_b p_b
        for (int b = 0; b < batch; b++) scales[b] = outputGradient[b] * Probabilities[b];
        ParallelRanges.For(batch, 1, 1 + Crf.SentenceWork / (2 * steps * k * k), (first, last) =>
        {
            for (int b = first; b < last; b++)
            {
                if (scales[b] == 0) continue; // also where no allowed path goes through k at j: Ê has no marginals then
                int offset = b * steps * k, size = lengths[b] * k;
                CrfRecursions.Marginals(potentials, emissions.Data.AsSpan(offset, size), alphaHat.AsSpan(offset, size),
                    marginals.AsSpan(offset, size), pairMoments.AsSpan(b * k * k, k * k));
                CrfRecursions.Marginals(potentials, clamped.AsSpan(offset, size), clampedAlphaHat.AsSpan(offset, size),
                    clampedMarginals.AsSpan(offset, size), clampedPairMoments.AsSpan(b * k * k, k * k));
            }
        });
        if (emissionsVariable.RequiresGrad)
        {
            var gradient = emissionsVariable.GradOrZeros().Span;
            for (int b = 0; b < batch; b++)
                for (int i = b * steps * k; i < (b * steps + lengths[b]) * k; i++)
                    gradient[i] += (float)(scales[b] * (clampedMarginals[i] - marginals[i]));
        }
        if (transitions.RequiresGrad)
        {
            var expected = new double[k * k]; // Σ_b g_b p_b (Σ_t ξ̂_t − Σ_t ξ_t), before the factor exp(A − max A)
            for (int b = 0; b < batch; b++)
                for (int i = 0; i < k * k; i++)
                    expected[i] += scales[b] * (clampedPairMoments[b * k * k + i] - pairMoments[b * k * k + i]);
            TensorPrimitives.Multiply(expected, potentials.TransitionWeights, expected);
            var gradient = transitions.GradOrZeros().Span;
            for (int i = 0; i < k * k; i++) gradient[i] += (float)expected[i];
        }
        if (start.RequiresGrad) AddBoundaryGradient(start.GradOrZeros().Span, marginals, clampedMarginals, scales, atEnd: false);
        if (end.RequiresGrad) AddBoundaryGradient(end.GradOrZeros().Span, marginals, clampedMarginals, scales, atEnd: true);
    }

    /// <summary>∂/∂start(m) += g_b p_b (p̂₀(m) − p₀(m)), or for the end the same at each sentence's last step.</summary>
    private void AddBoundaryGradient(Span<float> gradient, double[] marginals, double[] clampedMarginals, double[] scales, bool atEnd)
    {
        int steps = emissions.Dim(1), k = potentials.Tags;
        for (int b = 0; b < lengths.Length; b++)
        {
            int offset = (b * steps + (atEnd ? lengths[b] - 1 : 0)) * k;
            for (int m = 0; m < k; m++) gradient[m] += (float)(scales[b] * (clampedMarginals[offset + m] - marginals[offset + m]));
        }
    }
}
