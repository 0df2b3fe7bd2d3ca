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

/// <summary>
/// The intermediate values of one step of the reference path, for teaching traces and probes.
/// <paramref name="Values"/> holds [B, H] variables: LSTM "input_gate", "forget_gate", "cell_candidate", "output_gate",
/// "cell", "hidden"; GRU "reset_gate", "update_gate", "candidate", "hidden"; RNN "pre_activation", "hidden";
/// Jordan "pre_activation", "hidden", "output". <paramref name="Hidden"/> is the carried state after the step
/// (h_t; Jordan: y_t), the very variable the next step reads, so after Backward its Grad is ∂L/∂h_t.
/// <paramref name="Direction"/> is 0 forward, 1 reverse; <paramref name="Time"/> is the time index t of the step
/// (not its position in processing order). At padded steps the values are what the equations give for the padding
/// input, while <paramref name="Hidden"/> is the unchanged carried state.
/// </summary>
public sealed record StepTrace(int Layer, int Direction, int Time, IReadOnlyDictionary<string, Variable> Values, Variable Hidden);
