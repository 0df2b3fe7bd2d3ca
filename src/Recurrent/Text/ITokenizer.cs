namespace Recurrent.Text;

/// <summary>Splits text into tokens and puts tokens back together. Implementations are deterministic and culture-invariant.</summary>
public interface ITokenizer
{
    /// <summary>The tokens of <paramref name="text"/>, in order; an empty or all-whitespace text gives none.</summary>
    IReadOnlyList<string> Tokenize(string text);

    /// <summary>Text made from <paramref name="tokens"/>; each implementation says how close this comes to inverting <see cref="Tokenize"/>.</summary>
    string Join(IEnumerable<string> tokens);
}
