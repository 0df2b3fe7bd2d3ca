using Recurrent.Tasks.Tagging;

namespace Recurrent.Tests.Tagging;

/// <summary>The casing feature: <see cref="WordCasings.Of"/> puts each token in the first category whose rule holds.</summary>
public class WordCasingTests
{
    [Theory]
    [InlineData("1996")]
    [InlineData("0")]
    [InlineData("٣٤")] // Arabic-Indic digits are decimal digits too
    public void Tokens_of_digits_only_are_numeric(string token) => Assert.Equal(WordCasing.Numeric, WordCasings.Of(token));

    [Theory]
    [InlineData("said")]
    [InlineData("e-mail")]
    [InlineData("mp3")]
    [InlineData("l'été")]
    public void Tokens_whose_letters_are_all_lower_case_are_lower(string token) => Assert.Equal(WordCasing.Lower, WordCasings.Of(token));

    [Theory]
    [InlineData("EU")]
    [InlineData("U.N.")]
    [InlineData("F16")]
    [InlineData("A")]
    [InlineData("ÉTÉ")]
    public void Tokens_whose_letters_are_all_upper_case_are_upper(string token) => Assert.Equal(WordCasing.Upper, WordCasings.Of(token));

    [Theory]
    [InlineData("Paris")]
    [InlineData("Mr.")]
    [InlineData("Élysée")]
    [InlineData("B52s")]
    public void Tokens_with_a_capital_first_letter_and_the_rest_lower_case_are_title(string token) =>
        Assert.Equal(WordCasing.Title, WordCasings.Of(token));

    [Theory]
    [InlineData("1996-08-22")]
    [InlineData("3.5")]
    [InlineData("iPhone4")]
    [InlineData("+44")]
    public void Tokens_with_some_digits_that_fit_no_letter_rule_contain_a_digit(string token) =>
        Assert.Equal(WordCasing.ContainsDigit, WordCasings.Of(token));

    [Theory]
    [InlineData(".")]
    [InlineData("--")]
    [InlineData("McDonald")]
    [InlineData("iPhone")]
    [InlineData("Jean-Pierre")]
    [InlineData("日本")] // letters without case
    public void Punctuation_mixed_case_and_caseless_letters_are_other(string token) => Assert.Equal(WordCasing.Other, WordCasings.Of(token));

    [Fact]
    public void A_letter_outside_the_basic_plane_counts_as_one_character()
    {
        Assert.Equal(WordCasing.Upper, WordCasings.Of("\U0001D400")); // MATHEMATICAL BOLD CAPITAL A, a surrogate pair
        Assert.Equal(WordCasing.Title, WordCasings.Of("\U0001D400bc"));
    }

    [Fact]
    public void The_count_is_the_number_of_categories() => Assert.Equal(WordCasings.Count, Enum.GetValues<WordCasing>().Length);

    [Fact]
    public void An_empty_token_is_rejected()
    {
        var e = Assert.Throws<ArgumentException>(() => WordCasings.Of(""));
        Assert.Contains("the token is empty", e.Message);
    }
}
