namespace Recurrent.Tasks.Tagging;

/// <summary>How often the tokens of one gold tag were tagged right.</summary>
/// <param name="Tokens">The tokens whose gold tag it is.</param>
/// <param name="Correct">Those of them whose predicted tag is the gold tag.</param>
public sealed record TagAccuracy(int Tokens, int Correct)
{
    /// <summary>Correct / tokens; 0 for no tokens.</summary>
    public double Accuracy() => Tokens == 0 ? 0 : (double)Correct / Tokens;
}
