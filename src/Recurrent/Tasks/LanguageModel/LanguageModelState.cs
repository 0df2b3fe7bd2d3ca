using Recurrent.Autograd;

namespace Recurrent.Tasks.LanguageModel;

/// <summary>
/// The recurrent state a language model carries from one window of text to the next: h [L, B, H] and, for LSTM, c [L, B, H].
/// </summary>
public sealed record LanguageModelState(Variable Hidden, Variable? Cell)
{
    /// <summary>The same values cut off from the graph, so the next window's backward pass stops here (truncated BPTT).</summary>
    public LanguageModelState Detach() => new(Hidden.Detach(), Cell?.Detach());
}
