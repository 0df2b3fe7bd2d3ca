using System.Text;
using Recurrent.Data;
using Recurrent.Tasks.Forecasting;

namespace Recurrent.Tests.Fuzzing;

/// <summary>
/// The time-series reader on mutated CSV series (monthly, daily with gaps, with an exogenous column), with every fill mode
/// and with columns chosen or left to the defaults: a sane series or a <see cref="DataFormatException"/>, never a crash.
/// </summary>
public sealed class TimeSeriesFuzzTests : IDisposable
{
    private const int Iterations = 1500;

    private static readonly List<byte[]> Seeds =
    [
        Encoding.UTF8.GetBytes("\"Month\",\"Passengers\"\n\"1949-01\",112\n\"1949-02\",118\n\"1949-03\",132\n\"1949-04\",129\n\"1949-05\",121"),
        Encoding.UTF8.GetBytes("Date,Temp\r\n1981-01-01,20.7\r\n1981-01-02,\r\n1981-01-03,18.8\r\n1981-01-05,NA\r\n1981-01-06,-0.5\r\n"),
        Encoding.UTF8.GetBytes("time,load,temperature\n2020-03-01 00:00,1.5e3,4\n2020-03-01 01:00,1400,3.5\n2020-03-01 02:00,\"1350\",?\n"),
        Encoding.UTF8.GetBytes("step,value\n0,0.5\n1,0.25\n2,-1\n"),
    ];

    private readonly InputFolder scratch = new("fuzz-time-series");

    [Fact]
    public void A_mutated_series_file_gives_a_sane_series_or_a_data_format_error()
    {
        string path = scratch.PathOf("series.csv");
        TimeSeriesReadOptions[] options =
        [
            new(),
            new() { Fill = SeriesFill.Interpolate },
            new() { Fill = SeriesFill.Previous, NoTimeColumn = true },
            new() { TimeColumn = 0, ValueColumn = 1, ExogenousColumns = [2], Fill = SeriesFill.Previous },
        ];
        ReaderFuzzer.Check("time-series", ByteMutations.Of(Seeds), input =>
        {
            File.WriteAllBytes(path, input);
            foreach (var option in options) ReadOrExplain(path, option);
        }, Iterations);
    }

    private static void ReadOrExplain(string path, TimeSeriesReadOptions options)
    {
        TimeSeries series;
        try
        {
            series = TimeSeriesReader.Read(path, options);
        }
        catch (DataFormatException)
        {
            return;
        }
        Assert.True(series.Length > 0);
        Assert.All(series.Values, v => Assert.True(double.IsFinite(v)));
        Assert.All(series.Exogenous, column => Assert.Equal(series.Length, column.Values.Length));
        if (series.Times is { } times)
            for (int i = 1; i < times.Length; i++) Assert.True(times[i] > times[i - 1], $"time {i} does not increase");
        Assert.NotNull(series.Frequency.Description);
    }

    public void Dispose() => scratch.Dispose();
}
