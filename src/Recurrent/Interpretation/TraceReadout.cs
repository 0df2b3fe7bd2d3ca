namespace Recurrent.Interpretation;

/// <summary>y_t = Weight · h_t + Bias with Weight [out, D·H] and Bias [out] (zero when null).</summary>
public sealed record TraceReadout(Tensor Weight, Tensor? Bias);
