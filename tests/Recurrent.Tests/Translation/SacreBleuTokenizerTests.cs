using Recurrent.Tasks.Translation;

namespace Recurrent.Tests.Translation;

public class SacreBleuTokenizerTests
{
    private static readonly SacreBleuTokenizer Mixed = new();
    private static readonly SacreBleuTokenizer Lower = new(lowercase: true);

    [Fact]
    public void Punctuation_is_split_off_words()
    {
        Assert.Equal("Hello , world !", Mixed.Tokenize("Hello, world!"));
        Assert.Equal("Er sagte : ( ja ) ; [ nein ] ?", Mixed.Tokenize("Er sagte: (ja); [nein]?"));
        Assert.Equal("a . . b", Mixed.Tokenize("a..b"));
    }

    [Fact]
    public void Period_and_comma_stay_inside_numbers_but_split_off_abbreviations()
    {
        Assert.Equal("Es kostet 3.50 Euro , d . h . 1,000 Cent .", Mixed.Tokenize("Es kostet 3.50 Euro, d.h. 1,000 Cent."));
        Assert.Equal("Es ist 3 .", Mixed.Tokenize("Es ist 3."));
    }

    [Fact]
    public void A_hyphen_splits_off_after_a_digit_only()
    {
        Assert.Equal("Seite 10 - 12 , e-mail , x-5 , 2 - x", Mixed.Tokenize("Seite 10-12, e-mail, x-5, 2-x"));
    }

    [Fact]
    public void Apostrophes_stay_inside_words()
    {
        Assert.Equal("don't ( O'Neil )", Mixed.Tokenize("don't (O'Neil)"));
    }

    [Fact]
    public void Html_entities_are_unescaped_before_splitting()
    {
        Assert.Equal("Er sagte : \" Nein \" & ging < b > .", Mixed.Tokenize("Er sagte: &quot;Nein&quot; &amp; ging &lt;b&gt;."));
    }

    [Fact]
    public void Umlauts_and_sharp_s_are_kept_and_lower_cased_only_on_request()
    {
        Assert.Equal("Grüße aus Köln , Straße & Maß !", Mixed.Tokenize("Grüße aus Köln, Straße & Maß!"));
        Assert.Equal("ärger über fuß strasse ß", Lower.Tokenize("ÄRGER über Fuß STRASSE ẞ"));
        Assert.True(Lower.Lowercase);
        Assert.False(Mixed.Lowercase);
    }

    [Fact]
    public void Skipped_markers_and_hyphenated_line_breaks_are_removed_and_white_space_collapsed()
    {
        Assert.Equal("Zeileumbruch", Mixed.Tokenize("Zeile-\numbruch<skipped>"));
        Assert.Equal("two lines", Mixed.Tokenize("  two\n\t lines \u00a0 "));
        Assert.Equal("a b", Mixed.Tokenize("a\u001fb"));
    }

    [Fact]
    public void An_empty_or_blank_sentence_has_no_tokens()
    {
        Assert.Equal("", Mixed.Tokenize(""));
        Assert.Empty(Mixed.Split("  \t "));
        Assert.Equal(new[] { "Hallo", "Welt", "." }, Mixed.Split("Hallo Welt."));
    }

    [Fact]
    public void Tokenisation_matches_sacrebleu_on_every_golden_sentence()
    {
        var mismatches = SacreBleuGoldens.Tokenization
            .Where(c => new SacreBleuTokenizer(c.Lowercase).Tokenize(c.Text) != c.Tokenized)
            .Select(c => $"{c.Text} (lowercase {c.Lowercase}): expected '{c.Tokenized}', got '{new SacreBleuTokenizer(c.Lowercase).Tokenize(c.Text)}'")
            .ToList();
        Assert.True(SacreBleuGoldens.Tokenization.Count >= 300, "too few tokenisation goldens");
        Assert.True(mismatches.Count == 0, string.Join("\n", mismatches));
    }
}
