using Recurrent.Reporting;
using Recurrent.Serialization;
using Recurrent.Tasks.Forecasting;

namespace Recurrent.Cli.Forecasting;

/// <summary>
/// <c>rnn evaluate DIR --data series.csv [--json] [--plot FILE]</c> for a forecaster: the test part of the series (the last
/// fraction it was trained without) forecast from the actual values before each point, scored in the series' units beside
/// the baselines on the same points. The shared <c>evaluate</c> command calls <see cref="Run"/> for task "forecasting".
/// </summary>
internal static class ForecasterEvaluation
{
    /// <summary>Monte-Carlo dropout passes for the interval of a model with dropout.</summary>
    public const int DropoutPasses = 100;

    public static int Run(string directory, IReadOnlyList<string> dataPaths, bool json, string? plot)
    {
        if (dataPaths.Count != 1)
            throw new UsageException($"--data: a forecaster is scored on one series; give one CSV file, not {dataPaths.Count}.");
        var (forecaster, preprocessing) = Load(directory, "rnn evaluate");
        var series = Read(dataPaths[0], preprocessing);
        var evaluation = ForecastEvaluator.Evaluate(forecaster, series, DropoutPasses);
        if (plot is not null) ChartFile.SaveSvg(ForecastPlots.TestForecast(series, evaluation, preprocessing.Lookback), plot);
        if (json)
        {
            JsonOutput.Write(evaluation.ToJson());
            return 0;
        }
        Console.Out.WriteLine($"{directory} on {dataPaths[0]}: {evaluation.Model.TestPoints:N0} forecasts of the test part " +
                              $"({preprocessing.Horizon} step(s) each, from the actual values before each):");
        Console.Out.WriteLine("  " + ForecastTable.Describe(evaluation));
        Console.Out.Write(ForecastTable.Format(evaluation));
        if (plot is not null) Console.Out.WriteLine($"Chart: {plot}");
        return 0;
    }

    /// <summary>The forecaster in <paramref name="directory"/> and its preprocessing; what is wrong with either said as a usage error.</summary>
    public static (Forecaster, ForecastPreprocessing) Load(string directory, string command)
    {
        try
        {
            var forecaster = Forecaster.Load(directory);
            return (forecaster, ForecastPreprocessing.Of(forecaster));
        }
        catch (InvalidDataException e)
        {
            throw new ModelFormatException(Path.Combine(directory, ModelDirectory.ConfigFileName), $"{command}: {e.Message}");
        }
    }

    /// <summary>The series of <paramref name="path"/>, read with the columns the model was trained on.</summary>
    public static TimeSeries Read(string path, ForecastPreprocessing preprocessing) =>
        TimeSeriesReader.Read(path, new TimeSeriesReadOptions
        {
            ValueColumn = preprocessing.ValueColumn,
            ExogenousColumns = preprocessing.ExogenousColumns.Select(Data.ColumnSelector.ByName).ToList(),
        });
}
