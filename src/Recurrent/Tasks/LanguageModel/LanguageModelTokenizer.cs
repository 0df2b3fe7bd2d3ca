using System.Text;
using Recurrent.Text;

namespace Recurrent.Tasks.LanguageModel;

/// <summary>
/// Text ↔ tokens for a language model. Character level: every character (<see cref="CharacterTokenizer"/>), so joining the
/// tokens gives the text back exactly. Word level: each line through a <see cref="WordTokenizer"/> that keeps case and splits
/// punctuation, and an <see cref="EndOfLine"/> token for every newline (as in the Penn Treebank language-model data), so a
/// generated text keeps its line structure; words are joined with single spaces.
/// </summary>
public sealed class LanguageModelTokenizer : ITokenizer
{
    /// <summary>The word-level token that stands for a newline.</summary>
    public const string EndOfLine = "<eos>";

    private static readonly CharacterTokenizer Characters = new();
    private static readonly WordTokenizer Words = new(new WordTokenizerOptions { Lowercase = false, SplitPunctuation = true });

    public LanguageModelTokenizer(TokenLevel level) => Level = level;

    public TokenLevel Level { get; }

    /// <summary>The token a generated text starts after when there is no prime: a newline, as at the start of a speech.</summary>
    public string StartToken => Level == TokenLevel.Character ? "\n" : EndOfLine;

    public IReadOnlyList<string> Tokenize(string text)
    {
        if (Level == TokenLevel.Character) return Characters.Tokenize(text);
        var tokens = new List<string>();
        int start = 0;
        while (start <= text.Length)
        {
            int newline = text.IndexOf('\n', start);
            int end = newline < 0 ? text.Length : newline;
            tokens.AddRange(Words.Tokenize(text[start..end]));
            if (newline < 0) break;
            tokens.Add(EndOfLine);
            start = newline + 1;
        }
        return tokens;
    }

    public string Join(IEnumerable<string> tokens)
    {
        var text = new StringBuilder();
        bool lineStart = true;
        foreach (var token in tokens) text.Append(Piece(token, ref lineStart));
        return text.ToString();
    }

    /// <summary>
    /// The text one token adds when it follows the ones before: the character itself, or a word with a space before it
    /// unless it starts a line, or a newline for <see cref="EndOfLine"/>. <paramref name="lineStart"/> carries the position.
    /// </summary>
    public string Piece(string token, ref bool lineStart)
    {
        if (Level == TokenLevel.Character) return token;
        if (token == EndOfLine)
        {
            lineStart = true;
            return "\n";
        }
        string piece = lineStart ? token : " " + token;
        lineStart = false;
        return piece;
    }
}
