using Recurrent.Autograd;
using Recurrent.Layers;
using Recurrent.Tensors;

namespace Recurrent.Tasks.Translation;

/// <summary>
/// Luong's global attention (Luong et al. 2015, section 3.1), one of three scores of the decoder state s_t against each
/// encoder output h_i: dot e_i = sᵀ h_i (D_s = D_h, no parameters); general e_i = sᵀ W h_i with <c>key_layer.weight</c>
/// W [D_s, D_h], the keys W h_i computed once per batch; concat e_i = v · tanh(W [s; h_i]) with <c>concat_layer.weight</c>
/// W [A, D_s + D_h] and <c>energy_layer.weight</c> v [1, A], where W [s; h_i] = W_s s + W_h h_i and the keys W_h h_i are
/// computed once per batch. Weights are PyTorch <c>nn.Linear(bias=False)</c> layers initialised U(−1/√in, 1/√in).
/// </summary>
public sealed class LuongAttention : Attention
{
    private readonly Linear? keyLayer;
    private readonly Linear? concatLayer;
    private readonly Linear? energyLayer;

    /// <param name="kind"><see cref="AttentionKind.LuongDot"/>, <see cref="AttentionKind.LuongGeneral"/> or <see cref="AttentionKind.LuongConcat"/>.</param>
    /// <param name="querySize">D_s, the width of the decoder state s_t.</param>
    /// <param name="valueSize">D_h, the width of the encoder outputs h_i.</param>
    /// <param name="attentionSize">A, the hidden units of the concat score (ignored by dot and general).</param>
    /// <param name="rng">draws the initial weights.</param>
    public LuongAttention(AttentionKind kind, int querySize, int valueSize, int attentionSize, Rng rng) : base(querySize, valueSize)
    {
        Kind = kind;
        switch (kind)
        {
            case AttentionKind.LuongDot:
                if (querySize != valueSize)
                    throw new ArgumentException($"LuongAttention: the dot score sᵀh_i needs the decoder state width ({querySize}) to equal the encoder " +
                        $"output width ({valueSize}); choose AttentionKind.LuongGeneral or another kind, or make the widths equal.", nameof(valueSize));
                break;
            case AttentionKind.LuongGeneral:
                keyLayer = AddModule("key_layer", new Linear(valueSize, querySize, bias: false, rng));
                break;
            case AttentionKind.LuongConcat:
                if (attentionSize < 1)
                    throw new ArgumentOutOfRangeException(nameof(attentionSize),
                        $"LuongAttention: the attention size must be at least 1, got {attentionSize}.");
                concatLayer = AddModule("concat_layer", new Linear(querySize + valueSize, attentionSize, bias: false, rng));
                energyLayer = AddModule("energy_layer", new Linear(attentionSize, 1, bias: false, rng));
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, "LuongAttention takes AttentionKind.LuongDot, LuongGeneral or LuongConcat; " +
                    "use Attention.Create for the other kinds.");
        }
    }

    public override AttentionKind Kind { get; }

    protected override Variable? Energy => energyLayer?.Weight;

    /// <summary>Keys [B, S, K]: h itself (dot, K = D_h), W h_i (general, K = D_s), or W_h h_i (concat, K = A, with W_s [A, D_s]
    /// the query weight, both cut from the one W [A, D_s + D_h] on the tape so that its gradient gathers both halves).</summary>
    protected override (Variable Keys, Variable? QueryWeight) ProjectKeys(Variable encoderOutputs)
    {
        if (keyLayer is not null) return (keyLayer.Forward(encoderOutputs), null);
        if (concatLayer is null) return (encoderOutputs, null);
        var stateWeight = Ops.Slice(concatLayer.Weight, 1, 0, QuerySize);          // W_s [A, D_s]
        var sourceWeight = Ops.Slice(concatLayer.Weight, 1, QuerySize, ValueSize); // W_h [A, D_h]
        int batch = encoderOutputs.Dim(0), sourceLength = encoderOutputs.Dim(1);
        var rows = Ops.Reshape(encoderOutputs, batch * sourceLength, ValueSize);
        var keys = Ops.Reshape(Ops.MatMul(rows, sourceWeight, transB: true), batch, sourceLength, concatLayer.OutFeatures);
        return (keys, stateWeight);
    }
}
