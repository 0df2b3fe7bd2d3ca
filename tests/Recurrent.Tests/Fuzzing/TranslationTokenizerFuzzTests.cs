using System.Text;
using CsCheck;
using Recurrent.Tasks.Translation;
using Recurrent.Text;

namespace Recurrent.Tests.Fuzzing;

/// <summary>
/// The translation tokenizer on generated text made of the pieces its rules look at (letters, digits, apostrophes,
/// joiners, quotes, white space, a surrogate pair and a lone surrogate): the tokens cut the text's non-white-space
/// characters into pieces without losing or adding one, and detokenizing loses none either.
/// </summary>
public sealed class TranslationTokenizerFuzzTests
{
    private const int Iterations = 3000;

    private static readonly string[] Pieces =
        ["a", "Z", "ß", "Ü", "é", "1", "9", " ", "  ", "\t", "\u00A0", "\n", "'", "’", ".", "...", ",", ":", "-", "—", "!", "?", "\"", "„", "“", "”",
         "$", "%", "(", ")", "¿", "\U0001F600", "\uD800", "n't", "'s", "’ne", "hab'", "o.k.", "7:45", "1.000"];

    private static readonly Gen<string> Texts = Gen.OneOf(Pieces).Array[0, 24].Select(string.Concat);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Word_tokens_partition_the_non_white_space_characters_and_detokenizing_keeps_them(bool lowercase)
    {
        var tokenizer = new TranslationTokenizer(TokenLevel.Word, lowercase);
        ReaderFuzzer.Check($"translation-tokenizer-{lowercase}", Texts, text =>
        {
            var tokens = tokenizer.Tokenize(text);
            string expected = WithoutWhiteSpace(lowercase ? text.ToLowerInvariant() : text);
            Assert.All(tokens, token => Assert.True(token.Length > 0 && !token.Any(char.IsWhiteSpace), $"token '{token}'"));
            Assert.Equal(expected, string.Concat(tokens));
            Assert.Equal(expected, WithoutWhiteSpace(tokenizer.Detokenize(tokens)));
        }, Iterations, Encoding.UTF8.GetBytes, _ => "");
    }

    [Fact]
    public void Character_tokens_give_back_the_text_with_single_spaces()
    {
        var tokenizer = new TranslationTokenizer(TokenLevel.Character);
        ReaderFuzzer.Check("translation-characters", Texts, text =>
        {
            var tokens = tokenizer.Tokenize(text);
            Assert.Equal(string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)), tokenizer.Detokenize(tokens));
            Assert.DoesNotContain(tokens, token => token.Length == 0 || token.Length > 2);
        }, Iterations, Encoding.UTF8.GetBytes, _ => "");
    }

    private static string WithoutWhiteSpace(string text) => string.Concat(text.Where(c => !char.IsWhiteSpace(c)));
}
