using System.CommandLine;
using Recurrent.Data;
using Recurrent.Tasks.Forecasting;

namespace Recurrent.Cli.Forecasting;

/// <summary>The flags that say which series to read and how to split it: shared by <c>train forecast</c> and <c>compare forecast</c>.</summary>
internal sealed class SeriesFlags
{
    public Option<string> Data { get; } = new Option<string>("--data")
    {
        HelpName = "FILE",
        Description = "The series: a CSV file with a header row, a time column and a value column (e.g. Month,Passengers).",
        Required = true,
    }.ExistingFile();

    public Option<string?> TimeColumn { get; } = new("--time-column")
    {
        HelpName = "NAME|INDEX", Description = "The column of dates or times [default: the first whose values are dates].",
    };

    public Option<bool> NoTimeColumn { get; } = new("--no-time-column")
    {
        Description = "The file has no time column: steps are numbered (no frequency, no season unless --season).",
    };

    public Option<string?> Column { get; } = new("--column")
    {
        HelpName = "NAME|INDEX", Description = "The column to forecast [default: the last numeric column].",
    };

    public Option<string?> Exogenous { get; } = new("--exogenous")
    {
        HelpName = "COLUMNS", Description = "Further columns read as inputs beside the series (comma-separated names or indices).",
    };

    public Option<string> Fill { get; } = new Option<string>("--fill")
    {
        Description = "Missing or non-numeric values: an error naming file:line (none), or filled by interpolation or with the previous value.",
        DefaultValueFactory = _ => "none",
    }.OneOf("none", "interpolate", "previous");

    public Option<double> TestFraction { get; } = new Option<double>("--test-fraction")
    {
        HelpName = "FRACTION", Description = "The last part of the series held out for testing (never trained on).",
        DefaultValueFactory = _ => SeriesSplit.DefaultTestFraction,
    }.InOpenRange(0, 1);

    public Option<double> ValidSplit { get; } = new Option<double>("--valid-split")
    {
        HelpName = "FRACTION", Description = "The part before the test part that validates (early stopping, the automatic transform).",
        DefaultValueFactory = _ => SeriesSplit.DefaultValidationFraction,
    }.InOpenRange(0, 1);

    public Option<int?> Season { get; } = new Option<int?>("--season")
    {
        HelpName = "N", Description = "Steps per season [default: from the frequency: monthly 12, quarterly 4, daily 7, hourly 24].",
    }.AtLeast(1);

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { Data, TimeColumn, NoTimeColumn, Column, Exogenous, Fill, TestFraction, ValidSplit, Season })
            command.Options.Add(option);
    }

    /// <summary>How to read the file; --time-column with --no-time-column is refused.</summary>
    public TimeSeriesReadOptions ReadOptions(ParseResult parse)
    {
        string? time = parse.GetValue(TimeColumn);
        bool noTime = parse.GetValue(NoTimeColumn);
        if (time is not null && noTime)
            throw new UsageException("--time-column and --no-time-column exclude each other: name the time column, or say there is none.");
        return new TimeSeriesReadOptions
        {
            TimeColumn = time is null ? null : ColumnSelector.Parse(time),
            NoTimeColumn = noTime,
            ValueColumn = parse.GetValue(Column) is { } value ? ColumnSelector.Parse(value) : null,
            ExogenousColumns = (parse.GetValue(Exogenous) ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(ColumnSelector.Parse).ToList(),
            Fill = parse.GetValue(Fill) switch { "interpolate" => SeriesFill.Interpolate, "previous" => SeriesFill.Previous, _ => SeriesFill.None },
        };
    }
}
