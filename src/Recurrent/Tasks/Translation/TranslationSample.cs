namespace Recurrent.Tasks.Translation;

/// <summary>One held-out source with its references and the model's translation, and where the decoder looked.</summary>
/// <param name="Source">The source sentence as given.</param>
/// <param name="SourceTokens">Its tokens as the model read them.</param>
/// <param name="References">Its reference translations (at least one).</param>
/// <param name="Output">The model's translation, detokenised.</param>
/// <param name="Tokens">The translation's tokens.</param>
/// <param name="Attention">
/// [steps][source tokens]: the attention of each output token, and of the &lt;eos&gt; that ended the translation when one did
/// (the last row); empty for a model without attention.
/// </param>
public sealed record TranslationSample(
    string Source, IReadOnlyList<string> SourceTokens, IReadOnlyList<string> References, string Output, IReadOnlyList<string> Tokens,
    float[][] Attention)
{
    /// <summary>The labels of <see cref="Attention"/>'s rows: the output tokens, and "&lt;eos&gt;" when the last row is the step that ended it.</summary>
    public IReadOnlyList<string> AttentionRowLabels() => Translation.RowLabels(Tokens, Attention);
}
