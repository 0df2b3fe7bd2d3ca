namespace Recurrent.Layers;

/// <summary>
/// The scores a <see cref="Crf"/>'s recursions read, taken from its parameters and constraints once per call: in log space
/// with −∞ where a transition, start or end is forbidden, and the transitions also in exp space (double precision), rescaled
/// by their largest allowed score, with exact zeros where forbidden.
/// </summary>
internal sealed class CrfPotentials
{
    public CrfPotentials(Tensor transitions, Tensor start, Tensor end, CrfConstraints constraints)
    {
        int tags = constraints.Tags;
        Tags = tags;
        Transitions = new float[tags * tags];
        Start = new float[tags];
        End = new float[tags];
        TransitionWeights = new double[tags * tags];
        TransitionMax = float.NegativeInfinity;
        for (int i = 0; i < tags; i++)
        {
            Start[i] = constraints.IsAllowedStart(i) ? start.Data[i] : float.NegativeInfinity;
            End[i] = constraints.IsAllowedEnd(i) ? end.Data[i] : float.NegativeInfinity;
            for (int j = 0; j < tags; j++)
            {
                float a = constraints.IsAllowed(i, j) ? transitions.Data[i * tags + j] : float.NegativeInfinity;
                Transitions[i * tags + j] = a;
                TransitionMax = Math.Max(TransitionMax, a);
            }
        }
        if (float.IsNegativeInfinity(TransitionMax)) TransitionMax = 0f; // every transition forbidden: only one-token paths
        for (int k = 0; k < tags * tags; k++) TransitionWeights[k] = Math.Exp((double)Transitions[k] - TransitionMax);
    }

    /// <summary>K.</summary>
    public int Tags { get; }

    /// <summary>[K, K] A[i, j]: the score of tag j following tag i; −∞ where forbidden.</summary>
    public float[] Transitions { get; }

    /// <summary>[K] the score of starting with each tag; −∞ where forbidden.</summary>
    public float[] Start { get; }

    /// <summary>[K] the score of ending with each tag; −∞ where forbidden.</summary>
    public float[] End { get; }

    /// <summary>[K, K] exp(A[i, j] − <see cref="TransitionMax"/>): at most 1, and exactly 0 where forbidden.</summary>
    public double[] TransitionWeights { get; }

    /// <summary>The largest allowed transition score, factored out of <see cref="TransitionWeights"/>.</summary>
    public float TransitionMax { get; }

    /// <summary>Row i of <see cref="TransitionWeights"/>: exp(A[i, ·] − max).</summary>
    public ReadOnlySpan<double> TransitionWeightsFrom(int tag) => TransitionWeights.AsSpan(tag * Tags, Tags);
}
