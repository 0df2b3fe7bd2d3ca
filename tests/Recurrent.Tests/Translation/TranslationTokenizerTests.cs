using Recurrent.Tasks.Translation;
using Recurrent.Tests.EndToEnd;
using Recurrent.Text;

namespace Recurrent.Tests.Translation;

public sealed class TranslationTokenizerTests
{
    private static readonly TranslationTokenizer Words = new();
    private static readonly TranslationTokenizer Characters = new(TokenLevel.Character);

    [Theory]
    [InlineData("Grüß Gott!", "Grüß|Gott|!")]
    [InlineData("Schließ es ab.", "Schließ|es|ab|.")]
    [InlineData("Heißt das: nein?", "Heißt|das|:|nein|?")]
    [InlineData("Dann los — rede!", "Dann|los|—|rede|!")]
    [InlineData("Just a moment...", "Just|a|moment|...")]
    [InlineData("\"Look,\" she said.", "\"|Look|,|\"|she|said|.")]
    [InlineData("Sag „Auf Wiedersehen!“!", "Sag|„|Auf|Wiedersehen|!|“|!")]
    public void Words_split_on_white_space_and_punctuation_which_stays_as_tokens(string text, string tokens) =>
        Assert.Equal(tokens.Split('|'), Words.Tokenize(text));

    [Theory]
    [InlineData("I can't go.", "I|ca|n't|go|.")]
    [InlineData("It's 7:45.", "It|'s|7:45|.")]
    [InlineData("Das gibt’s doch nicht!", "Das|gibt|’s|doch|nicht|!")]
    [InlineData("Tu’s trotzdem!", "Tu|’s|trotzdem|!")]
    [InlineData("It's 8:00 p.m.", "It|'s|8:00|p.m|.")]
    public void Clitics_are_split_off_as_in_the_penn_treebank_in_english_and_german(string text, string tokens) =>
        Assert.Equal(tokens.Split('|'), Words.Tokenize(text));

    [Theory]
    [InlineData("Mach ’ne Fliege!", "Mach|’ne|Fliege|!")]
    [InlineData("Ich hab' ihn geohrfeigt.", "Ich|hab'|ihn|geohrfeigt|.")]
    [InlineData("I'm at my parents'.", "I|'m|at|my|parents'|.")]
    [InlineData("Sag „Ah!“", "Sag|„|Ah|!|“")]
    public void An_eliding_apostrophe_stays_with_its_word(string text, string tokens) =>
        Assert.Equal(tokens.Split('|'), Words.Tokenize(text));

    [Theory]
    [InlineData("Hier sind 10,00 $.", "Hier|sind|10,00|$|.")]
    [InlineData("Du schuldest mir 1.000 $.", "Du|schuldest|mir|1.000|$|.")]
    [InlineData("You owe me $1,000.", "You|owe|me|$|1,000|.")]
    [InlineData("Es ist 9.15 Uhr.", "Es|ist|9.15|Uhr|.")]
    [InlineData("Ist dort 223-1374?", "Ist|dort|223-1374|?")]
    [InlineData("Ich bin TV-süchtig.", "Ich|bin|TV-süchtig|.")]
    [InlineData("Tom ist Dr. phil.", "Tom|ist|Dr|.|phil|.")]
    [InlineData("Ein- und Ausgang", "Ein-|und|Ausgang")]
    public void Numbers_times_compounds_and_abbreviations_stay_whole(string text, string tokens) =>
        Assert.Equal(tokens.Split('|'), Words.Tokenize(text));

    [Fact]
    public void Lowercasing_is_invariant_and_keeps_german_letters()
    {
        var lowercase = new TranslationTokenizer(TokenLevel.Word, lowercase: true);

        Assert.Equal(["übernehmen", "sie", "."], lowercase.Tokenize("ÜBERNEHMEN Sie."));
        Assert.Equal(["groß", "!"], lowercase.Tokenize("GROẞ!"));
        Assert.Equal(["ich", "weiß", "."], lowercase.Tokenize("Ich weiß."));
    }

    [Theory]
    [InlineData("")]
    [InlineData(" \t\u00A0\n")]
    public void A_blank_text_has_no_tokens(string text)
    {
        Assert.Empty(Words.Tokenize(text));
        Assert.Empty(Characters.Tokenize(text));
    }

    [Fact]
    public void Characters_are_code_points_with_each_run_of_white_space_one_space()
    {
        Assert.Equal(["G", "r", "ü", "ß", " ", "G", "o", "t", "t", "!"], Characters.Tokenize("  Grüß \t\u00A0 Gott!\n"));
        Assert.Equal(["\U0001F600", "!"], Characters.Tokenize("\U0001F600!"));
        Assert.Equal(["ü", "b"], new TranslationTokenizer(TokenLevel.Character, lowercase: true).Tokenize("Üb"));
    }

    [Theory]
    [InlineData("\"|Look|,|\"|she|said|.", "\"Look,\" she said.")]
    [InlineData("Sag|„|bitte|“|.", "Sag „bitte“.")]
    [InlineData("He|said|“|fine|”|(|twice|)|;|ok|…", "He said “fine” (twice); ok…")]
    [InlineData("¿|Qué|?", "¿Qué?")]
    [InlineData("it|costs|$|5|,|not|$|.", "it costs $5, not $.")]
    [InlineData("do|n't|,|I|'ll|,|we|’re", "don't, I'll, we’re")]
    [InlineData("Mach|’ne|Fliege|!", "Mach ’ne Fliege!")]
    public void Detokenize_puts_no_space_before_closing_marks_and_clitics_or_after_opening_ones(string tokens, string text)
    {
        Assert.Equal(text, Words.Detokenize(tokens.Split('|')));
        Assert.Equal(text, Words.Join(tokens.Split('|')));
    }

    [Fact]
    public void Every_line_of_the_sample_comes_back_from_its_word_and_character_tokens()
    {
        var lowercase = new TranslationTokenizer(TokenLevel.Word, lowercase: true);
        foreach (string side in File.ReadLines(TranslationFixture.Sample).SelectMany(line => line.Split('\t')))
        {
            Assert.Equal(side, Words.Detokenize(Words.Tokenize(side)));
            Assert.Equal(side, Characters.Detokenize(Characters.Tokenize(side)));
            Assert.Equal(side.ToLowerInvariant(), lowercase.Detokenize(lowercase.Tokenize(side)));
        }
    }

    [SharedDataFact]
    public void Nearly_every_sentence_of_the_shared_data_comes_back_from_its_word_tokens_and_the_rest_differ_only_in_spacing()
    {
        var sides = File.ReadLines(TranslationFixture.SharedTrain).SelectMany(line => line.Split('\t')).ToList();
        var differing = sides.Select(side => (Text: SingleSpaced(side), Back: Words.Detokenize(Words.Tokenize(side))))
            .Where(s => s.Back != s.Text).ToList();

        // Four of 39,538 sentences depart from the usual spacing: "99 %", "„bitte“ ." and twice "moment ...".
        Assert.True(differing.Count <= 4, string.Join("\n", differing.Select(s => $"{s.Text} → {s.Back}")));
        Assert.All(differing, s => Assert.Equal(s.Text.Replace(" ", ""), s.Back.Replace(" ", "")));
    }

    [Fact]
    public void An_undefined_level_is_refused_naming_the_property()
    {
        var error = Assert.Throws<ArgumentException>(() => new TranslationTokenizer((TokenLevel)7));

        Assert.Contains("TranslationTokenizer.Level", error.Message);
    }

    private static string SingleSpaced(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
