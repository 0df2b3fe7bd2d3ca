namespace Recurrent.Interpretation;

/// <summary>One SGD step of <see cref="ClippingExperiment"/>; norms are global L2 norms over all parameters.</summary>
/// <param name="Step">1 for the first update.</param>
/// <param name="Loss">L before the update.</param>
/// <param name="GradientNorm">‖∂L/∂θ‖ as backpropagated.</param>
/// <param name="AppliedGradientNorm">the norm of the gradient the update used: min(‖g‖, max norm) when clipping, else ‖g‖.</param>
/// <param name="UpdateNorm">‖θ_after − θ_before‖, measured on the parameters (learning rate · applied norm for SGD).</param>
public sealed record ClippingStep(int Step, double Loss, double GradientNorm, double AppliedGradientNorm, double UpdateNorm);
