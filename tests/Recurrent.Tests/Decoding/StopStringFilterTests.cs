using Recurrent.Decoding;

namespace Recurrent.Tests.Decoding;

public class StopStringFilterTests
{
    private static (string Shown, bool Stopped) Run(string stop, params string[] pieces)
    {
        var filter = new StopStringFilter(stop);
        string shown = "";
        foreach (var piece in pieces)
        {
            shown += filter.Push(piece);
            if (filter.Stopped) return (shown, true);
        }
        return (shown + filter.Flush(), false);
    }

    [Fact]
    public void Text_ends_just_before_a_stop_string_spread_over_several_pieces()
    {
        Assert.Equal(("Good morrow", true), Run("\n\n", "Good", " mor", "row", "\n", "\n", "ROMEO"));
    }

    [Fact]
    public void A_partial_match_is_held_back_then_released()
    {
        var filter = new StopStringFilter("END");
        Assert.Equal("ab", filter.Push("abEN"));
        Assert.Equal("ENx", filter.Push("x"));
        Assert.False(filter.Stopped);
        Assert.Equal(("to the E", false), Run("END", "to the ", "E"));
    }

    [Fact]
    public void A_stop_string_inside_one_piece_cuts_that_piece()
    {
        Assert.Equal(("Exit", true), Run(".", "Exit. Enter"));
    }
}
