using Recurrent.Cli;

namespace Recurrent.Tests.Cli;

public class DurationTests
{
    [Theory]
    [InlineData("90s", 90)]
    [InlineData("10m", 600)]
    [InlineData("1h", 3600)]
    [InlineData("1h30m", 5400)]
    [InlineData("2h15m30s", 8130)]
    [InlineData("01:30:00", 5400)]
    [InlineData("0:00:45", 45)]
    public void Time_limits_read_as_people_write_them(string text, int seconds)
    {
        Assert.True(Duration.TryParse(text, out var duration));
        Assert.Equal(TimeSpan.FromSeconds(seconds), duration);
    }

    [Theory]
    [InlineData("")]
    [InlineData("10")]
    [InlineData("ten minutes")]
    [InlineData("1m1h")]
    [InlineData("1:2")]
    public void Other_text_is_not_a_duration(string text) => Assert.False(Duration.TryParse(text, out _));
}
