using Recurrent.Text;

namespace Recurrent.Tests.Text;

public class WordTokenizerTests
{
    private static IReadOnlyList<string> Tokenize(string text, WordTokenizerOptions? options = null) => new WordTokenizer(options).Tokenize(text);

    [Fact]
    public void Punctuation_is_split_off_and_text_lower_cased()
    {
        Assert.Equal(["hello", ",", "world", "!"], Tokenize("Hello, World!"));
    }

    [Fact]
    public void A_run_of_the_same_punctuation_is_one_token()
    {
        Assert.Equal(["wait", "...", "what", "?", "!!!", "--", "no"], Tokenize("wait... what?!!! --no"));
    }

    [Fact]
    public void Contractions_split_as_in_SST()
    {
        Assert.Equal(["do", "n't", "ca", "n't", "it", "'s", "we", "'ll", "they", "'re", "i", "'m"],
            Tokenize("Don't can't it's we'll they're I'm"));
    }

    [Fact]
    public void Curly_apostrophes_split_the_same_way()
    {
        Assert.Equal(["do", "n\u2019t", "it", "\u2019s"], Tokenize("don\u2019t it\u2019s"));
    }

    [Fact]
    public void Pre_tokenised_SST_text_tokenises_to_itself()
    {
        const string sst = "they presume their audience wo n't sit still , the film 's star";
        Assert.Equal(sst.Split(' '), Tokenize(sst));
    }

    [Fact]
    public void Apostrophes_inside_words_and_quotes_around_words_are_handled()
    {
        Assert.Equal(["o'clock", "'", "quoted", "'"], Tokenize("o'clock 'quoted'"));
    }

    [Fact]
    public void Decimal_points_and_thousands_separators_stay_inside_numbers()
    {
        Assert.Equal(["3.5", "stars", ",", "1,000", "votes", "."], Tokenize("3.5 stars, 1,000 votes."));
    }

    [Fact]
    public void Hyphens_and_symbols_are_separate_tokens()
    {
        Assert.Equal(["well", "-", "made", "$", "5", "\U0001F600"], Tokenize("well-made $5\U0001F600"));
    }

    [Fact]
    public void Accented_letters_and_other_scripts_are_word_characters()
    {
        Assert.Equal(["café", "naïve", "日本語", "straße"], Tokenize("Café NAÏVE 日本語 Straße"));
    }

    [Fact]
    public void Empty_and_whitespace_only_text_has_no_tokens()
    {
        Assert.Empty(Tokenize(""));
        Assert.Empty(Tokenize(" \t\n\u0085\u00A0 "));
    }

    [Fact]
    public void Without_punctuation_splitting_tokens_are_the_whitespace_separated_chunks()
    {
        Assert.Equal(["don't", "-lrb-", "stop!"], Tokenize("don't  -lrb-\tstop!", new WordTokenizerOptions { SplitPunctuation = false }));
    }

    [Fact]
    public void Case_is_kept_when_lowercasing_is_off()
    {
        Assert.Equal(["I", "Do", "N'T", "It", "'S"], Tokenize("I DoN'T It'S", new WordTokenizerOptions { Lowercase = false }));
    }

    [Fact]
    public void Lower_casing_ignores_the_current_culture()
    {
        var saved = System.Globalization.CultureInfo.CurrentCulture;
        try
        {
            System.Globalization.CultureInfo.CurrentCulture = new System.Globalization.CultureInfo("tr-TR");
            Assert.Equal(["title"], Tokenize("TITLE"));
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentCulture = saved;
        }
    }

    [Fact]
    public void Join_separates_tokens_with_single_spaces()
    {
        Assert.Equal("do n't stop .", new WordTokenizer().Join(["do", "n't", "stop", "."]));
    }
}
