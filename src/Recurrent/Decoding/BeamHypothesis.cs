namespace Recurrent.Decoding;

/// <summary>One finished hypothesis: the generated tokens, their total log-probability and the length-normalised score it is ranked by.</summary>
public sealed record BeamHypothesis(IReadOnlyList<int> Tokens, double LogProbability, double Score);
