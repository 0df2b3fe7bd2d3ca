using Recurrent.Autograd;

namespace Recurrent.Training;

/// <summary>The loss of one training batch and the tokens it covered (for tokens/s).</summary>
public readonly record struct BatchLoss(Variable Loss, int Tokens);
