namespace Recurrent.Interpretation;

/// <summary>
/// The spectrum of one square H×H gate block of weight_hh (rows Block·H to (Block + 1)·H − 1 in PyTorch's gate order:
/// LSTM i, f, g, o; GRU r, z, n; Elman and Jordan have the one block W_hh).
/// </summary>
/// <param name="Block">the gate block's index.</param>
/// <param name="SpectralRadius">ρ = max |λ_i|, the growth rate of the block's powers.</param>
/// <param name="SpectralNorm">‖·‖₂ = σ_max ≥ ρ, the most one product with the block can stretch a vector.</param>
public sealed record RecurrentBlockSpectrum(int Block, double SpectralRadius, double SpectralNorm);
