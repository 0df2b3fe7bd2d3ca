using System.Text.RegularExpressions;
using Recurrent.Cli.Interpretation;
using Recurrent.Interpretation;
using Recurrent.Tests.Interpretation;

namespace Recurrent.Tests.Cli;

/// <summary>The terminal form of explanations: plain numbers always, coloured tokens only for a terminal that shows colour.</summary>
public sealed class ExplanationTextTests
{
    private static readonly Explanation Masterpiece = ExplanationPageTests.Sample(["masterpiece", ".", "never"], [0.4, 0, -0.2]);

    [Fact]
    public void Without_colour_a_line_per_token_holds_its_attribution_and_no_escape_codes()
    {
        string text = ExplanationText.Single("Masterpiece. Never", Masterpiece, color: false);

        Assert.Equal(
            "\"Masterpiece. Never\"\n" +
            "predicted positive (0.9000); explaining positive (0.9000, 0.6990 at the <pad> baseline)\n" +
            "token        attribution\n" +
            "masterpiece      +0.4000\n" +
            ".                 0.0000\n" +
            "never            -0.2000\n" +
            "sum of attributions +0.2000 = F(x) - F(x') +0.2010 + delta +0.0010 (64 steps, gauss-legendre)\n", text);
    }

    [Fact]
    public void With_colour_the_tokens_come_first_on_green_and_red_backgrounds_by_attribution()
    {
        string text = ExplanationText.Single("Masterpiece. Never", Masterpiece, color: true);

        string tokens = text.Split('\n')[2];
        // Colours of the 6×6×6 cube, 16 + 36r + 6g + b: the largest |attribution| is pure green (0,5,0 = 46), −0.2 is half as strong
        // a red (5,2,2 = 210), zero stays white (5,5,5 = 231).
        Assert.Equal("\u001b[48;5;46m\u001b[38;5;16mmasterpiece\u001b[0m \u001b[48;5;231m\u001b[38;5;16m.\u001b[0m " +
                     "\u001b[48;5;210m\u001b[38;5;16mnever\u001b[0m", tokens);
        Assert.Contains("masterpiece      +0.4000\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_comparison_aligns_each_token_with_a_column_per_model_and_names_the_models_of_warnings()
    {
        var weak = ExplanationPageTests.Sample(["masterpiece", ".", "never"], [0.01, 0, 0.02], "The completeness delta is too large.");

        string text = ExplanationText.Comparison("Masterpiece. Never", ["lstm", "rnn"], [Masterpiece, weak], color: false);

        var lines = text.Split('\n');
        // The first column is as wide as "F(x) - F(x')", the others as "positive (0.9000)"; numbers and names are right-aligned.
        Assert.Equal("token" + new string(' ', 7 + 2 + 13) + "lstm" + new string(' ', 2 + 14) + "rnn", lines[1]);
        Assert.Equal("masterpiece" + new string(' ', 1 + 2 + 10) + "+0.4000" + new string(' ', 2 + 10) + "+0.0100", lines[2]);
        Assert.Equal("never" + new string(' ', 7 + 2 + 10) + "-0.2000" + new string(' ', 2 + 10) + "+0.0200", lines[4]);
        Assert.Equal("predicted" + new string(' ', 3 + 2) + "positive (0.9000)  positive (0.9000)", lines[5]);
        Assert.Contains("warning: rnn: The completeness delta is too large.\n", text, StringComparison.Ordinal);
        Assert.DoesNotMatch(new Regex("\u001b"), text);
    }
}
