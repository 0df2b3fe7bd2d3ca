namespace Recurrent.Tasks.Translation;

/// <summary>A finished translation of one source sentence, as target token ids.</summary>
/// <param name="Tokens">the target ids, without &lt;bos&gt; and &lt;eos&gt;.</param>
/// <param name="LogProbability">log P of the tokens and the &lt;eos&gt; that ended them (none when the length limit did).</param>
/// <param name="Score">what the search ranked it by: <see cref="LogProbability"/> / steps^α.</param>
/// <param name="Attention">
/// α of each output token (and of the &lt;eos&gt; when one ended it) over the source tokens: [steps][source length], rows summing
/// to 1; empty rows without attention.
/// </param>
public sealed record TranslationHypothesis(int[] Tokens, double LogProbability, double Score, float[][] Attention);
