using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using Recurrent.Cli.Bench;
using Recurrent.Cli.Classification;
using Recurrent.Cli.LanguageModel;
using Recurrent.Cli.Trace;
using Recurrent.Cli.Translation;

namespace Recurrent.Cli;

internal static class Program
{
    /// <summary>--threads, on every command: the threads of the numeric kernels (<see cref="Recurrent.Tensors.Gemm.MaxThreads"/>).</summary>
    public static readonly Option<int> Threads = new Option<int>("--threads")
    {
        Description = "Threads for the numeric kernels; the default is the number of cores.",
        DefaultValueFactory = _ => Environment.ProcessorCount,
        Recursive = true,
    }.AtLeast(1);

    /// <summary>--verbose, on every command: an error's line is followed by the exception and its stack trace.</summary>
    public static readonly Option<bool> Verbose = new("--verbose")
    {
        Description = "On an error, also print the exception with its stack trace (for a bug report).",
        Recursive = true,
    };

    public static int Main(string[] args)
    {
        var root = new RootCommand(
            "rnn: recurrent neural networks (Elman RNN, Jordan, LSTM, GRU) in pure C#.\n" +
            "Start with: rnn quickstart")
        {
            TraceCommand.Create(),
            Group("train", "Train a model.", TrainClassifyCommand.Create(), TrainLanguageModelCommand.Create(),
                TrainTranslateCommand.Create(), Forecasting.TrainForecastCommand.Create(), Tagging.TrainTagCommand.Create()),
            EvaluateCommand.Create(),
            PredictCommand.Create(),
            Interpretation.ExplainCommand.Create(),
            SummaryCommand.Create(),
            ReportCommand.Create(),
            Group("compare", "Train several models on the same data and compare them.", CompareClassifyCommand.Create(),
                CompareTranslateCommand.Create(), Forecasting.CompareForecastCommand.Create(),
                Tagging.CompareTagCommand.Create(), Interpretation.CompareExplainCommand.Create()),
            GenerateCommand.Create(),
            TranslateCommand.Create(),
            Forecasting.ForecastCommand.Create(),
            Forecasting.GenerateSeriesCommand.Create(),
            QuickstartCommand.Create(),
            BenchCommand.Create(),
            Interpretation.InspectCommand.Create(),
            Interpretation.GradientFlowCommand.Create(),
            Interop.ExportCommand.Create(),
            Interop.ImportCommand.Create(),
        };
        root.Options.Add(Threads);
        root.Options.Add(Verbose);
        // Bare `rnn` shows the help rather than an error about a missing command.
        root.SetAction(parseResult => new HelpAction().Invoke(parseResult));

        ParseResult parse;
        try
        {
            parse = root.Parse(args);
        }
        catch (InvalidOperationException e)
        {
            // A validator read an option given twice ("--model lstm --model gru"): the parser's message says which.
            return CommandErrors.Report($"{e.Message} Give each option once.", CommandErrors.UserError);
        }
        if (parse.Action is ParseErrorAction)
            return CommandErrors.Report($"{parse.Errors[0].Message} See '{CommandPath(parse)} --help'.", CommandErrors.UserError);
        Recurrent.Tensors.Gemm.MaxThreads = parse.GetValue(Threads);
        CommandErrors.Verbose = parse.GetValue(Verbose);
        CommandErrors.RunningCommand = CommandPath(parse);
        CommandErrors.SizeOptions = SizeOptions(parse);
        // A failure on a worker thread ends the process whatever is done here; it still ends with one line, not a dump.
        AppDomain.CurrentDomain.UnhandledException += (_, failure) =>
        {
            if (failure.ExceptionObject is Exception e)
                Environment.Exit(e is OutOfMemoryException ? CommandErrors.ReportOutOfMemory() : CommandErrors.ReportUnexpected(e));
        };
        return parse.Invoke();
    }

    /// <summary>A command that only groups subcommands (<c>rnn train classify</c>); on its own it shows its help.</summary>
    private static Command Group(string name, string description, params Command[] subcommands)
    {
        var group = new Command(name, description);
        foreach (var subcommand in subcommands) group.Subcommands.Add(subcommand);
        group.SetAction(parseResult => new HelpAction().Invoke(parseResult));
        return group;
    }

    /// <summary>The options that set how much memory a run takes, as typed or by default: "--batch-size 64 --hidden 512".</summary>
    private static string SizeOptions(ParseResult parse)
    {
        string[] names = ["--batch-size", "--hidden", "--layers", "--embedding-dim", "--seq-length", "--max-length", "--size"];
        var given = new List<string>();
        foreach (var option in parse.CommandResult.Command.Options)
            if (names.Contains(option.Name) && parse.GetResult(option) is { } result)
                if (result.Tokens.Count > 0) given.Add($"{option.Name} {string.Join(' ', result.Tokens.Select(t => t.Value))}");
                else if (result.GetValueOrDefault<object?>() is { } value) given.Add($"{option.Name} {value}");
        return string.Join(' ', given);
    }

    /// <summary>"rnn train classify" for the command the parse stopped in.</summary>
    private static string CommandPath(ParseResult parse)
    {
        var names = new List<string>();
        for (var result = parse.CommandResult; result is not null; result = result.Parent as System.CommandLine.Parsing.CommandResult)
            names.Add(result.Command.Name);
        names[^1] = "rnn";
        names.Reverse();
        return string.Join(" ", names);
    }
}
