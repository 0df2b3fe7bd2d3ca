using Recurrent.Autograd;
using Recurrent.Layers;
using Recurrent.Tensors;

namespace Recurrent.Tasks.Translation;

/// <summary>
/// Bahdanau's additive attention (Bahdanau et al. 2015, equations (11)–(13); exercise sheet 5.2):
/// e_{t,i} = v · tanh(W₁ s_{t−1} + W₂ h_i), with the keys W₂ h_i computed once per batch.
/// Parameters, PyTorch <c>nn.Linear(bias=False)</c> layers initialised U(−1/√in, 1/√in): <c>query_layer.weight</c> W₁ [A, D_s],
/// <c>key_layer.weight</c> W₂ [A, D_h], <c>energy_layer.weight</c> v [1, A].
/// </summary>
public sealed class BahdanauAttention : Attention
{
    private readonly Linear queryLayer;
    private readonly Linear keyLayer;
    private readonly Linear energyLayer;

    /// <param name="querySize">D_s, the width of the decoder state s_{t−1}.</param>
    /// <param name="valueSize">D_h, the width of the encoder outputs h_i.</param>
    /// <param name="attentionSize">A, the hidden units of the alignment model.</param>
    /// <param name="rng">draws the initial weights.</param>
    public BahdanauAttention(int querySize, int valueSize, int attentionSize, Rng rng) : base(querySize, valueSize)
    {
        if (attentionSize < 1)
            throw new ArgumentOutOfRangeException(nameof(attentionSize), $"BahdanauAttention: the attention size must be at least 1, got {attentionSize}.");
        AttentionSize = attentionSize;
        queryLayer = AddModule("query_layer", new Linear(querySize, attentionSize, bias: false, rng));
        keyLayer = AddModule("key_layer", new Linear(valueSize, attentionSize, bias: false, rng));
        energyLayer = AddModule("energy_layer", new Linear(attentionSize, 1, bias: false, rng));
    }

    /// <summary>A, the hidden units of the alignment model.</summary>
    public int AttentionSize { get; }

    public override AttentionKind Kind => AttentionKind.Bahdanau;

    protected override Variable Energy => energyLayer.Weight;

    /// <summary>Keys W₂ h_i [B, S, A]; queries are projected by W₁ [A, D_s] at each step.</summary>
    protected override (Variable Keys, Variable? QueryWeight) ProjectKeys(Variable encoderOutputs) =>
        (keyLayer.Forward(encoderOutputs), queryLayer.Weight);
}
