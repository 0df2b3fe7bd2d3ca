namespace Recurrent.Tasks.Translation;

/// <summary>Corpus BLEU of the translations of the sources of one length range.</summary>
/// <param name="MinTokens">The shortest source of the range, in the tokens the model reads.</param>
/// <param name="MaxTokens">The longest source of the range.</param>
/// <param name="Sentences">The sources of the range that were translated.</param>
/// <param name="Bleu">Their corpus BLEU (0–100), against all references of each.</param>
public sealed record SourceLengthBleu(int MinTokens, int MaxTokens, int Sentences, double Bleu);
