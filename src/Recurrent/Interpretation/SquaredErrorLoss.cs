namespace Recurrent.Interpretation;

/// <summary>
/// loss = Scale · Σ (y − target)² over the steps that have a target. Targets is [B, T, out];
/// <see cref="HasTarget"/> [B, T] says which steps count (false where the spec has null).
/// </summary>
public sealed record SquaredErrorLoss(float Scale, Tensor Targets, bool[,] HasTarget);
