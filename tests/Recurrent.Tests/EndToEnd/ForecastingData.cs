using System.Globalization;
using System.Text;
using Recurrent.Tasks.Forecasting;

namespace Recurrent.Tests.EndToEnd;

/// <summary>The series the forecasting docs name, made as the program makes them.</summary>
internal static class ForecastingData
{
    /// <summary>What <c>rnn generate-series sines --length 2000 --noise 0.1 --out sines.csv</c> writes (seed 1).</summary>
    public static string SinesCsv() => Csv(SyntheticSeries.Sines(2000, noise: 0.1, seed: 1));

    /// <summary>What <c>rnn generate-series sine --length 1000 --out sine.csv</c> writes: period 50, amplitude 1, no noise.</summary>
    public static string SineCsv() => Csv(SyntheticSeries.Sine(1000, seed: 1));

    private static string Csv(TimeSeries series)
    {
        var text = new StringBuilder("step,value\n");
        for (int t = 0; t < series.Length; t++)
            text.Append(t.ToString(CultureInfo.InvariantCulture)).Append(',').Append(series.Values[t].ToString("R", CultureInfo.InvariantCulture)).Append('\n');
        return text.ToString();
    }
}
