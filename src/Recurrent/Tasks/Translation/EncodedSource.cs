namespace Recurrent.Tasks.Translation;

/// <summary>
/// A batch of B source sentences as the decoder needs them: the attention memory (the encoder's outputs h_i [B, S, D_h]
/// and their keys, once per batch; null without attention) and the decoder's initial state s₀ from the bridge.
/// </summary>
/// <param name="Memory">what attention reads at every step; null with <see cref="AttentionKind.None"/>.</param>
/// <param name="Initial">s₀ of every decoder layer (and c₀ for LSTM) [B, D_s].</param>
/// <param name="Lengths">[B] the source lengths.</param>
public sealed record EncodedSource(AttentionMemory? Memory, DecoderState Initial, int[] Lengths);
