using Recurrent.Cli.Interpretation;
using Recurrent.Interpretation;

namespace Recurrent.Tests.Cli;

/// <summary>
/// The terminal form of a tagger's or translator's explanation: a row per output, a column per input token, aligned by display
/// width; colour only on the attribution cells and only for a terminal that shows colour.
/// </summary>
public sealed class SequenceExplanationTextTests
{
    /// <summary>Two tags over three words, with made-up numbers (the table does not care where they come from).</summary>
    private static readonly SequenceExplanation Tags = new()
    {
        Tokens = ["Anna", "visited", "Paris"], Outputs = ["B-PER", "B-LOC"], OutputLabels = ["Anna: B-PER", "Paris: B-LOC"], Positions = [0, 2],
        Attributions = [[0.6, -0.1, 0.05], [0.02, 0.3, -0.4]], Probabilities = [0.9, 0.7], BaselineProbabilities = [0.35, 0.8],
        Deltas = [0.0, -0.0002], Steps = 16, Baseline = BaselineKind.Unknown, Rule = IntegrationRule.RiemannMiddle, ExceedsTolerance = false,
    };

    [Fact]
    public void Without_colour_a_row_per_output_holds_its_probabilities_an_attribution_per_token_and_its_delta()
    {
        string text = SequenceExplanationText.Render("Anna visited Paris", "explaining the predicted tag at each word", "word: tag", Tags, color: false);

        Assert.Equal(
            "\"Anna visited Paris\"\n" +
            "explaining the predicted tag at each word\n" +
            "word: tag       p(x)   p(x')     Anna  visited    Paris    delta\n" +
            "Anna: B-PER   0.9000  0.3500  +0.6000  -0.1000  +0.0500   0.0000\n" +
            "Paris: B-LOC  0.7000  0.8000  +0.0200  +0.3000  -0.4000  -0.0002\n" +
            "each row: sum of attributions = p(x) - p(x') + delta (16 steps, riemann-middle, <unk> baseline)\n", text);
    }

    [Fact]
    public void Columns_are_as_wide_as_their_words_on_the_terminal_so_wide_characters_stay_aligned()
    {
        var translation = Tags with { Tokens = ["私は", "müde", "bin"], OutputLabels = ["ich", "<eos>"] };

        var lines = SequenceExplanationText.Render("私は müde bin", "caption", "translation", translation, color: false).Split('\n');

        // "私は" takes four cells and "müde" four, both narrower than an attribution's seven: each column is seven cells wide.
        Assert.Equal("translation    p(x)   p(x')     私は     müde      bin    delta", lines[2]);
        Assert.Equal("ich          0.9000  0.3500  +0.6000  -0.1000  +0.0500   0.0000", lines[3]);
    }

    [Fact]
    public void With_colour_only_the_attributions_sit_on_green_and_red_backgrounds_on_one_scale_for_the_table()
    {
        string text = SequenceExplanationText.Render("Anna visited Paris", "caption", "word: tag", Tags, color: true);

        var lines = text.Split('\n');
        Assert.Equal("word: tag       p(x)   p(x')     Anna  visited    Paris    delta", lines[2]); // the header is plain
        // Colours of the 6×6×6 cube, 16 + 36r + 6g + b, by attribution / 0.6 (the table's largest): +0.6 pure green (0,5,0 = 46),
        // +0.3 half green (2,5,2 = 120), −0.4 two thirds red (5,2,2 = 210), +0.02 white (5,5,5 = 231); the probabilities and the
        // delta have no colour.
        Assert.Equal("Paris: B-LOC  0.7000  0.8000  \u001b[48;5;231m\u001b[38;5;16m+0.0200\u001b[0m  \u001b[48;5;120m\u001b[38;5;16m+0.3000" +
                     "\u001b[0m  \u001b[48;5;210m\u001b[38;5;16m-0.4000\u001b[0m  -0.0002", lines[4]);
        Assert.StartsWith("Anna: B-PER   0.9000  0.3500  \u001b[48;5;46m", lines[3], StringComparison.Ordinal);
    }

    [Fact]
    public void A_delta_over_the_tolerance_adds_the_warning_naming_the_flag()
    {
        var coarse = Tags with
        {
            ExceedsTolerance = true,
            Warning = "The completeness delta 0.1 is too large: raise IntegratedGradientsOptions.Steps (now 16).",
        };

        string text = SequenceExplanationText.Render("Anna visited Paris", "caption", "word: tag", coarse, color: false);

        Assert.EndsWith("warning: The completeness delta 0.1 is too large: raise --steps (now 16).\n", text, StringComparison.Ordinal);
    }
}
