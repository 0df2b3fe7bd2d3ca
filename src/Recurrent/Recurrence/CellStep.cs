using Recurrent.Autograd;

namespace Recurrent.Recurrence;

/// <summary>
/// What one step of a reference cell produces: the state carried to the next step (h_t; for Jordan the output y_t,
/// which is also the step's output), the LSTM cell state c_t, and every named intermediate value ([B, H] each)
/// for traces (see <see cref="StepTrace"/> for the keys).
/// </summary>
public sealed record CellStep(Variable Hidden, Variable? Cell, IReadOnlyDictionary<string, Variable> Values);
