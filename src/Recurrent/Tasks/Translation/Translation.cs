namespace Recurrent.Tasks.Translation;

/// <summary>One translated sentence.</summary>
/// <param name="Source">the sentence as given.</param>
/// <param name="SourceTokens">its tokens as the model read them (a word the vocabulary lacks read as &lt;unk&gt;, shown as itself).</param>
/// <param name="Text">the translation, detokenised.</param>
/// <param name="Tokens">the translation's tokens.</param>
/// <param name="Score">the search's score: log P / steps^α (<see cref="TranslationSearchOptions.LengthPenalty"/>).</param>
/// <param name="Attention">
/// [steps][source tokens]: where the decoder looked for each output token, and for the &lt;eos&gt; that ended the translation
/// when one did (the last row); empty without attention.
/// </param>
public sealed record Translation(string Source, IReadOnlyList<string> SourceTokens, string Text, IReadOnlyList<string> Tokens, double Score,
    float[][] Attention)
{
    /// <summary>The labels of <see cref="Attention"/>'s rows: the output tokens, and "&lt;eos&gt;" when the last row is the step that ended it.</summary>
    public IReadOnlyList<string> AttentionRowLabels() => RowLabels(Tokens, Attention);

    /// <summary><paramref name="tokens"/>, and "&lt;eos&gt;" after them when <paramref name="attention"/> has one row more.</summary>
    internal static IReadOnlyList<string> RowLabels(IReadOnlyList<string> tokens, float[][] attention) =>
        attention.Length == tokens.Count + 1 ? [.. tokens, TranslationVocabulary.EndToken] : tokens;
}
