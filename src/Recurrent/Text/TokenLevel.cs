namespace Recurrent.Text;

/// <summary>
/// Units a text is cut into, for classification and language modelling alike. Model files store the member's name
/// ("character", "word"), so the order here does not reach them.
/// </summary>
public enum TokenLevel
{
    /// <summary>One token per character (Unicode code point), newlines and spaces included.</summary>
    Character,

    /// <summary>
    /// Words and punctuation: <see cref="WordTokenizer"/> for classification; a language model's tokenizer adds an
    /// end-of-line token for each newline.
    /// </summary>
    Word,
}
