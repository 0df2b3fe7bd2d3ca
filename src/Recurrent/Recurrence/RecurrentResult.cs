using Recurrent.Autograd;

namespace Recurrent.Recurrence;

/// <summary>What a <see cref="RecurrentLayer"/> returns.</summary>
/// <param name="Output">
/// [B, T, D·H] when batch-first ([T, B, D·H] otherwise; H instead of D·H for merge modes other than Concat):
/// the last layer's output at every step, zero at padded steps.
/// </param>
/// <param name="HiddenState">h_n [L·D, B, H]: each layer's and direction's state at each sequence's own last token (Jordan: the last output y).</param>
/// <param name="CellState">c_n [L·D, B, H] for LSTM, null for other cells.</param>
public sealed record RecurrentResult(Variable Output, Variable HiddenState, Variable? CellState);
