using System.CommandLine;
using System.Globalization;
using System.Text;
using Recurrent.Serialization;
using Recurrent.Tasks.Forecasting;

namespace Recurrent.Cli.Forecasting;

/// <summary>
/// <c>rnn generate-series sine|sines --length N [--noise X] [--seed S] --out file.csv</c>: the synthetic series of the
/// exercise sheet's task 4.2, a sine or a sum of sines with noise, as a CSV file <c>rnn train forecast</c> reads.
/// </summary>
internal static class GenerateSeriesCommand
{
    public static Command Create()
    {
        var kind = new Argument<string>("KIND")
        {
            Description = "sine: amplitude·sin(2πt/period); sines: 1.0·sin(2πt/50) + 0.5·sin(2πt/17 + 1) + 0.25·sin(2πt/7 + 2).",
        };
        kind.AcceptOnlyFromAmong("sine", "sines");
        var length = new Option<int>("--length") { HelpName = "N", Description = "Values to generate.", DefaultValueFactory = _ => 1000 }.AtLeast(2);
        var noise = new Option<double?>("--noise")
        {
            HelpName = "X", Description = "Standard deviation of the Gaussian noise added to each value [default: 0 for sine, 0.1 for sines].",
        }.InClosedRange(0, 1e6);
        var period = new Option<double>("--period")
        {
            HelpName = "N", Description = "sine: steps per period.", DefaultValueFactory = _ => 50,
        };
        var amplitude = new Option<double>("--amplitude") { HelpName = "X", Description = "sine: the amplitude.", DefaultValueFactory = _ => 1 };
        var seed = new Option<ulong>("--seed") { HelpName = "N", Description = "Seeds the noise.", DefaultValueFactory = _ => 1UL };
        var output = new Option<string>("--out") { HelpName = "FILE", Description = "The CSV file to write (columns step,value).", Required = true };
        var command = new Command("generate-series",
            "Write a synthetic series (a sine, or a sum of sines with noise) as CSV, for the forecasting exercises.\n" +
            "Example: rnn generate-series sines --length 2000 --noise 0.1 --out sines.csv")
        {
            kind, length, noise, period, amplitude, seed, output,
        };
        command.SetAction(parse => CommandErrors.Run(() =>
        {
            var shaping = new Option[] { period, amplitude }.FirstOrDefault(o => parse.GetResult(o) is { Implicit: false });
            if (parse.GetValue(kind) == "sines" && shaping is { } flag)
                throw new UsageException($"{flag.Name} shapes the single sine; sines has its three fixed waves: drop {flag.Name} or use sine.");
            if (!(parse.GetValue(period) > 0) || !double.IsFinite(parse.GetValue(amplitude)))
                throw new UsageException("--period must be above 0 and --amplitude a finite number.");
            int count = parse.GetValue(length);
            ulong draw = parse.GetValue(seed);
            var series = parse.GetValue(kind) == "sine"
                ? SyntheticSeries.Sine(count, parse.GetValue(period), parse.GetValue(amplitude), parse.GetValue(noise) ?? 0, draw)
                : SyntheticSeries.Sines(count, noise: parse.GetValue(noise) ?? 0.1, seed: draw);
            string path = parse.GetValue(output)!;
            AtomicFile.WriteAllText(path, Csv(series));
            Console.Out.WriteLine($"Wrote {series.Length:N0} values of {parse.GetValue(kind)} to {path}.");
            return 0;
        }));
        return command;
    }

    private static string Csv(TimeSeries series)
    {
        var text = new StringBuilder("step,value\n");
        for (int t = 0; t < series.Length; t++)
            text.Append(t.ToString(CultureInfo.InvariantCulture)).Append(',').Append(series.Values[t].ToString("R", CultureInfo.InvariantCulture)).Append('\n');
        return text.ToString();
    }
}
