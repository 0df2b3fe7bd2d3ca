using Recurrent.Autograd;
using Recurrent.Tensors;

namespace Recurrent.Layers;

/// <summary>
/// Attention pooling of a sequence into one vector (additive self-attention, Yang et al. 2016):
/// u_t = tanh(W h_t + b), s_t = vᵀ u_t, α = softmax over the real steps, y = Σ_t α_t h_t.
/// Parameters <c>projection.weight</c> [A, F], <c>projection.bias</c> [A], <c>context.weight</c> [1, A].
/// </summary>
public sealed class AttentionPooling : Module
{
    private readonly Linear projection;
    private readonly Linear context;

    public AttentionPooling(int features, int attentionSize, Rng rng)
    {
        projection = AddModule("projection", new Linear(features, attentionSize, rng));
        context = AddModule("context", new Linear(attentionSize, 1, bias: false, rng));
    }

    /// <summary>The weights of each thread's last call: threads that run the model at once see their own.</summary>
    private readonly ThreadLocal<Tensor?> lastWeights = new();

    /// <summary>Attention weights [B, T] of the last <see cref="Forward"/> call on this thread; for inspection and attention maps.</summary>
    public Tensor? LastWeights => lastWeights.Value;

    /// <summary>h [B, T, F] with per-sequence lengths (null: all T) → [B, F].</summary>
    public Variable Forward(Variable h, int[]? lengths = null)
    {
        int batch = h.Dim(0), steps = h.Dim(1);
        var u = Ops.Tanh(projection.Forward(h));                      // [B, T, A]
        var scores = Ops.Reshape(context.Forward(u), batch, steps);   // [B, T]
        var weights = Ops.MaskedSoftmaxOverTime(scores, lengths);     // [B, T]
        lastWeights.Value = weights.Value;
        return Ops.WeightedSumOverTime(h, weights);
    }
}
