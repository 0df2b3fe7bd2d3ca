using Recurrent.Text;

namespace Recurrent.Tests.Text;

public class CharacterTokenizerTests
{
    private readonly CharacterTokenizer tokenizer = new();

    [Fact]
    public void Every_character_including_whitespace_and_newlines_is_a_token()
    {
        Assert.Equal(["H", "i", ",", " ", "y", "o", "u", "\n"], tokenizer.Tokenize("Hi, you\n"));
    }

    [Fact]
    public void A_surrogate_pair_is_one_token_and_a_combining_accent_is_its_own()
    {
        // "e" + U+0301 COMBINING ACUTE ACCENT, then U+1F600 (two UTF-16 chars).
        Assert.Equal(["e", "\u0301", "\U0001F600"], tokenizer.Tokenize("e\u0301\U0001F600"));
    }

    [Fact]
    public void Empty_text_has_no_tokens()
    {
        Assert.Empty(tokenizer.Tokenize(""));
    }

    [Theory]
    [InlineData("Ünïcödé — 日本語 \U0001F600\r\n\ttab")]
    [InlineData("lone \uD800 surrogate \uDC00 halves")]
    public void Join_inverts_Tokenize(string text)
    {
        Assert.Equal(text, tokenizer.Join(tokenizer.Tokenize(text)));
    }

    [Fact]
    public void Tinyshakespeare_round_trips_with_65_symbols()
    {
        if (SharedData.PathOf("tinyshakespeare/input.txt") is not { } path) return;
        string text = File.ReadAllText(path);
        var tokens = tokenizer.Tokenize(text);
        Assert.Equal(text, tokenizer.Join(tokens));
        Assert.Equal(65, tokens.Distinct().Count());
    }
}
