namespace Recurrent.Interpretation;

/// <summary>
/// How much of the loss's gradient reaches step t of a sequence of length T (t counted from 0, so h_T is the state after
/// step T − 1). Norms are Euclidean for vectors and spectral (largest singular value) for matrices, accumulated in double.
/// </summary>
/// <param name="Time">t, the step whose state h_t the derivatives are taken with respect to.</param>
/// <param name="Distance">T − 1 − t: how many recurrent steps separate h_t from the last state.</param>
/// <param name="LossGradientNorm">‖∂L/∂h_t‖₂, the total derivative through every later step.</param>
/// <param name="JacobianNorm">‖∂h_T/∂h_t‖₂ (1 at distance 0). For an LSTM the derivative holds c_t fixed.</param>
/// <param name="Jacobian">∂h_T/∂h_t [H, H]: row i is the gradient of h_T,i with respect to h_t.</param>
/// <param name="StepBound">
/// Elman cells: ‖diag(g′(a_t))‖₂·‖W_hh‖₂ = max_i |g′(a_t,i)|·‖W_hh‖₂, which bounds the norm of one step's Jacobian
/// ∂h_t/∂h_{t−1} = diag(g′(a_t))·W_hh; null for other cells.
/// </param>
/// <param name="BoundProduct">Elman cells: Π_{k=t+1}^{T−1} of the step bounds (1 at distance 0), which bounds
/// <paramref name="JacobianNorm"/>; null for other cells.</param>
public sealed record GradientFlowStep(int Time, int Distance, double LossGradientNorm, double JacobianNorm, Tensor Jacobian,
    double? StepBound, double? BoundProduct);
