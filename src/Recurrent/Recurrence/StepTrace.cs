using Recurrent.Autograd;

namespace Recurrent.Recurrence;

/// <summary>
/// The intermediate values of one step of the reference path, for teaching traces and probes.
/// <paramref name="Values"/> holds [B, H] variables under the cell's <see cref="RecurrentCell.TraceKeys"/>: LSTM
/// "input_gate", "forget_gate", "cell_candidate", "output_gate", "cell", "hidden"; GRU (both forms) "reset_gate",
/// "update_gate", "candidate", "hidden"; Elman "pre_activation", "hidden"; Jordan "pre_activation", "hidden", "output". <paramref name="Hidden"/> is
/// the carried state after the step
/// (h_t; Jordan: y_t), the very variable the next step reads, so after Backward its Grad is ∂L/∂h_t.
/// <paramref name="Direction"/> is 0 forward, 1 reverse; <paramref name="Time"/> is the time index t of the step
/// (not its position in processing order). At padded steps the values are what the equations give for the padding
/// input, while <paramref name="Hidden"/> is the unchanged carried state.
/// </summary>
public sealed record StepTrace(int Layer, int Direction, int Time, IReadOnlyDictionary<string, Variable> Values, Variable Hidden);
