using System.CommandLine;
using System.Globalization;
using Recurrent.Cli.Progress;
using Recurrent.Cli.Training;
using Recurrent.Tasks.Forecasting;

namespace Recurrent.Cli.Forecasting;

/// <summary>
/// <c>rnn train forecast --data series.csv --out DIR</c>: trains a recurrent forecaster on windows of a series (validation loss
/// every epoch, early stopping, the best epoch kept), scores it and the baselines on the held-out test part in the series'
/// units, draws the test forecasts and the loss curves, and saves the model with its preprocessing.
/// </summary>
internal sealed class TrainForecastCommand
{
    private readonly ForecastFlags flags = new();

    public static Command Create() => new TrainForecastCommand().Build();

    private Command Build()
    {
        var command = new Command("forecast",
            "Train a forecaster (a recurrent network over windows of a series) and score it against naive forecasts on the test part.\n" +
            "Example: rnn train forecast --data airline-passengers.csv --out models/airline");
        flags.AddTo(command);
        command.SetAction(parse => CommandErrors.Run(() => Run(parse)));
        return command;
    }

    private int Run(ParseResult parse)
    {
        var training = flags.Training;
        string directory = parse.GetValue(training.Output)!;
        OutputDirectoryRules.Check(directory, training.Output.Name);
        bool resuming = parse.GetValue(training.Resume), quiet = parse.GetValue(training.Quiet);
        var options = flags.Build(parse);
        options = options with { Trainer = training.ApplyOutput(parse, options.Trainer) };

        var run = ResumableRun.Run(resuming, directory, "the data, --model, --lookback, --horizon and sizes",
            cancellation => TrainingDisplay.Run(quiet, progress => ForecastingTraining.Run(options, progress, cancellation)));
        ForecastPlots.WriteTraining(directory, run);
        WriteSummary(run, directory, options.DataPath, quiet);
        ReportCommand.WriteAfterTraining(directory, quiet);
        return 0;
    }

    private static void WriteSummary(ForecastingRun run, string directory, string data, bool quiet)
    {
        var output = Console.Out;
        var test = run.Test;
        var (naive, naiveScores) = test.BestNaive;
        string figures = ForecastTable.Describe(test);
        if (quiet)
        {
            output.WriteLine($"test: {figures}; model saved in {directory}");
            return;
        }
        var result = run.Training;
        output.WriteLine();
        output.WriteLine(TrainingOutcome.Ending(result, run.Elapsed));
        if (TrainingOutcome.BestEpoch(result) is { } best) output.WriteLine(best);
        output.WriteLine($"Test part ({test.Model.TestPoints:N0} forecasts from the actual values before each, {run.Preprocessing.Horizon} step(s) " +
                         $"each, in the series' units): {figures}");
        output.Write(ForecastTable.Format(test));
        string verdict = test.Model.Rmse < naiveScores.Rmse ? "beats" : "does not beat";
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"The model {verdict} the better naive forecast ({naive}, RMSE {naiveScores.Rmse:G4}) on the test part."));
        output.WriteLine($"Charts: {Path.Combine(directory, ForecastPlots.TestForecastFile)}, {Path.Combine(directory, ForecastPlots.LossFile)}");
        output.WriteLine($"Model: {ForecastingTraining.Describe(run.Forecaster.Network.Options)}, look-back {run.Preprocessing.Lookback}, " +
                         $"transform {run.Preprocessing.Transform}; saved in {directory}");
        string dir = Quoted(directory), series = Quoted(data);
        output.WriteLine("Use it:");
        output.WriteLine($"  rnn forecast {dir} --data {series} --plot forecast.svg");
        output.WriteLine($"  rnn evaluate {dir} --data {series} --json");
    }

    private static string Quoted(string path) => path.Contains(' ') ? $"\"{path}\"" : path;
}
