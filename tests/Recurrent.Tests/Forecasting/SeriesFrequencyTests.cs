using Recurrent.Tasks.Forecasting;
using Recurrent.Tests.EndToEnd;

namespace Recurrent.Tests.Forecasting;

/// <summary>Frequencies are inferred from the median gap between timestamps, with their natural season.</summary>
public sealed class SeriesFrequencyTests
{
    private static DateTime[] Dates(int count, Func<DateTime, int, DateTime> next)
    {
        var dates = new DateTime[count];
        dates[0] = new DateTime(2020, 1, 31);
        for (int i = 1; i < count; i++) dates[i] = next(dates[0], i);
        return dates;
    }

    [Theory]
    [InlineData("hour", SeriesFrequencyKind.Hourly, 24)]
    [InlineData("day", SeriesFrequencyKind.Daily, 7)]
    [InlineData("week", SeriesFrequencyKind.Weekly, 52)]
    [InlineData("month", SeriesFrequencyKind.Monthly, 12)]
    [InlineData("quarter", SeriesFrequencyKind.Quarterly, 4)]
    [InlineData("year", SeriesFrequencyKind.Yearly, 1)]
    public void Regular_dates_give_their_frequency_and_natural_season(string unit, SeriesFrequencyKind kind, int season)
    {
        var dates = Dates(40, (start, i) => unit switch
        {
            "hour" => start.AddHours(i),
            "day" => start.AddDays(i),
            "week" => start.AddDays(7 * i),
            "month" => start.AddMonths(i),
            "quarter" => start.AddMonths(3 * i),
            _ => start.AddYears(i),
        });
        var frequency = SeriesFrequency.Infer(dates);
        Assert.Equal(kind, frequency.Kind);
        Assert.Equal(season, frequency.Season);
    }

    [Fact]
    public void A_few_missing_days_do_not_change_a_daily_frequency()
    {
        var dates = Dates(30, (start, i) => start.AddDays(i < 10 ? i : i + 1));
        Assert.Equal(SeriesFrequencyKind.Daily, SeriesFrequency.Infer(dates).Kind);
    }

    [Fact]
    public void Another_fixed_step_has_no_season_and_says_its_step()
    {
        var frequency = SeriesFrequency.Infer(Dates(10, (start, i) => start.AddMinutes(15 * i)));
        Assert.Equal(SeriesFrequencyKind.Fixed, frequency.Kind);
        Assert.Equal(TimeSpan.FromMinutes(15), frequency.Step);
        Assert.Equal("every 00:15:00 (no season)", frequency.Description);
    }

    [Fact]
    public void The_season_can_be_overridden_and_is_described()
    {
        var daily = SeriesFrequency.Infer(Dates(10, (start, i) => start.AddDays(i)));
        Assert.Equal("daily (season 7)", daily.Description);
        Assert.Equal("daily (season 365)", daily.WithSeason(365).Description);
        Assert.Throws<ArgumentException>(() => daily.WithSeason(0));
        Assert.Equal("no timestamps (no season)", SeriesFrequency.Infer(null).Description);
    }

    [SharedDataTheory]
    [InlineData("airline-passengers.csv", SeriesFrequencyKind.Monthly, 144, "1949-01")]
    [InlineData("daily-min-temperatures.csv", SeriesFrequencyKind.Daily, 3650, "1981-01-01")]
    [InlineData("monthly-sunspots.csv", SeriesFrequencyKind.Monthly, 2820, "1749-01")]
    public void The_shared_series_have_their_documented_frequency(string file, SeriesFrequencyKind kind, int length, string first)
    {
        var series = TimeSeriesReader.Read(BundledData.Shared("timeseries", file)!);
        Assert.Equal(kind, series.Frequency.Kind);
        Assert.Equal(length, series.Length);
        Assert.Equal(first, series.Describe(0));
    }
}
