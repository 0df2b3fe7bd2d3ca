using Recurrent.Tasks.LanguageModel;

namespace Recurrent.Tests.LanguageModel;

public class TextStreamsTests
{
    /// <summary>Token i has id i, so every id says where it came from.</summary>
    private static int[] Positions(int n) => Enumerable.Range(0, n).ToArray();

    [Fact]
    public void The_text_is_cut_into_contiguous_streams_read_in_windows_with_targets_shifted_by_one()
    {
        var streams = new TextStreams(Positions(27), streams: 3, windowLength: 4); // L = ⌊26 / 3⌋ = 8
        Assert.Equal(8, streams.StreamLength);
        Assert.Equal(2, streams.WindowCount);

        var (inputs, targets, steps) = streams.Window(0);
        Assert.Equal(4, steps);
        Assert.Equal(new[] { 0, 1, 2, 3, 8, 9, 10, 11, 16, 17, 18, 19 }, inputs);
        Assert.Equal(inputs.Select(i => i + 1), targets);

        (inputs, targets, _) = streams.Window(1); // row b continues row b of window 0
        Assert.Equal(new[] { 4, 5, 6, 7, 12, 13, 14, 15, 20, 21, 22, 23 }, inputs);
        Assert.Equal(inputs.Select(i => i + 1), targets);
    }

    [Fact]
    public void The_last_window_may_be_shorter()
    {
        var streams = new TextStreams(Positions(22), streams: 3, windowLength: 4); // L = 7: windows of 4 and 3
        Assert.Equal(2, streams.WindowCount);
        var (inputs, targets, steps) = streams.Window(1);
        Assert.Equal(3, steps);
        Assert.Equal(new[] { 4, 5, 6, 11, 12, 13, 18, 19, 20 }, inputs);
        Assert.Equal(new[] { 5, 6, 7, 12, 13, 14, 19, 20, 21 }, targets);
        Assert.Equal(21, streams.TokenCount);
    }

    [Fact]
    public void A_text_too_short_for_the_streams_is_an_error_that_says_what_to_do()
    {
        var error = Assert.Throws<ArgumentException>(() => new TextStreams(Positions(5), streams: 8, windowLength: 4));
        Assert.Contains("LanguageModelTrainingOptions.BatchSize", error.Message);
    }
}
