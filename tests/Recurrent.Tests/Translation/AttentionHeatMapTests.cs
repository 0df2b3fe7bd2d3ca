using Recurrent.Cli.Translation;

namespace Recurrent.Tests.Translation;

public class AttentionHeatMapTests
{
    private static readonly string[] HelloWorld = ["Hello", "world", "."];

    [Fact]
    public void Plain_text_shows_a_shade_and_the_weight_times_100_with_a_star_at_each_rows_maximum()
    {
        float[][] attention = [[0.9f, 0.06f, 0.04f], [0.1f, 0.7f, 0.2f]];

        string map = AttentionHeatMap.Render(HelloWorld, ["Hallo", "Welt"], attention, color: false);

        Assert.Equal(
            "      Hello world .\n" +
            "Hallo █ 90* ░  6     4\n" +
            "Welt  ░ 10  ▓ 70* ░ 20\n",
            map);
    }

    [Fact]
    public void Plain_text_has_no_escape_codes()
    {
        string map = AttentionHeatMap.Render(HelloWorld, ["Hallo", "Welt", "<eos>"], [[1f, 0f, 0f], [0f, 1f, 0f], [0f, 0f, 1f]], color: false);

        Assert.DoesNotContain('\u001b', map);
        Assert.Contains("<eos>", map);
    }

    [Fact]
    public void Colour_gives_each_cell_a_256_colour_grey_background_by_weight_and_resets_after_it()
    {
        string map = AttentionHeatMap.Render(HelloWorld, ["Hallo"], [[1f, 0f, 0f]], color: true);

        string[] lines = map.Split('\n');
        Assert.Equal("      Hello world .", lines[0]);
        Assert.StartsWith("Hallo \u001b[48;5;255m\u001b[38;5;16m 100*\u001b[0m", lines[1]);
        Assert.Contains("\u001b[48;5;232m\u001b[38;5;231m   0 \u001b[0m", lines[1]);
        Assert.DoesNotContain("█", map);
    }

    [Fact]
    public void Words_with_umlauts_are_aligned_by_display_width_whether_composed_or_not()
    {
        const string decomposedMuede = "mu\u0308de";
        float[][] attention = [[0.5f, 0.25f, 0.25f], [0f, 0f, 1f]];

        string map = AttentionHeatMap.Render(["Sie", "ist", decomposedMuede], [decomposedMuede, "Weg"], attention, color: false);

        Assert.Equal(
            "     Sie   ist   mu\u0308de\n" +
            "mu\u0308de ▓ 50* ▒ 25  ▒ 25\n" +
            "Weg     0     0  █100*\n",
            map);
        Assert.Equal(
            AttentionHeatMap.Render(["Sie", "ist", "müde"], ["müde", "Weg"], attention, color: false).Replace("ü", "u\u0308"),
            map);
    }

    [Fact]
    public void Wide_characters_count_two_cells()
    {
        Assert.Equal(4, AttentionHeatMap.DisplayWidth("日本"));
        Assert.Equal(4, AttentionHeatMap.DisplayWidth("mu\u0308de"));
        Assert.Equal(4, AttentionHeatMap.DisplayWidth("müde"));
    }

    [Fact]
    public void A_long_token_is_cut_with_an_ellipsis_and_spelled_out_in_a_legend()
    {
        string map = AttentionHeatMap.Render(["Donaudampfschifffahrt", "!"], ["Ja"], [[0.3f, 0.7f]], color: false);

        Assert.Equal(
            "   Donaudamp… !\n" +
            "Ja ▒ 30       ▓ 70*\n" +
            "Donaudamp… = Donaudampfschifffahrt\n",
            map);
    }

    [Fact]
    public void The_first_of_equal_maxima_is_marked()
    {
        string map = AttentionHeatMap.Render(["a", "b"], ["x"], [[0.5f, 0.5f]], color: false);

        Assert.Equal("x ▓ 50* ▓ 50\n", map.Split('\n', 2)[1]);
    }

    [Fact]
    public void More_rows_than_labels_is_an_error_that_mentions_eos()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            AttentionHeatMap.Render(HelloWorld, ["Hallo"], [[1f, 0f, 0f], [0f, 0f, 1f]], color: false));

        Assert.Contains("2 rows but 1 target tokens", error.Message);
        Assert.Contains("<eos>", error.Message);
    }

    [Fact]
    public void A_ragged_row_is_an_error_naming_the_row()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            AttentionHeatMap.Render(HelloWorld, ["Hallo", "Welt"], [[1f, 0f, 0f], [0.5f, 0.5f]], color: false));

        Assert.Contains("Row 1 of the attention matrix has 2 weights but there are 3 source tokens", error.Message);
    }

    [Fact]
    public void An_empty_matrix_is_an_error_saying_the_model_has_no_attention()
    {
        var error = Assert.Throws<ArgumentException>(() => AttentionHeatMap.Render(HelloWorld, [], [], color: false));

        Assert.Contains("without attention", error.Message);
    }

    [Fact]
    public void A_weight_that_is_not_a_number_is_an_error_naming_its_place()
    {
        var error = Assert.Throws<ArgumentException>(() => AttentionHeatMap.Render(["a", "b"], ["x"], [[float.NaN, 1f]], color: false));

        Assert.Contains("row 0, column 0 is NaN", error.Message);
    }
}
