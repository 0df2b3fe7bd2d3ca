using System.CommandLine;
using System.Globalization;
using Recurrent.Cli.Progress;
using Recurrent.Cli.Training;
using Recurrent.Tasks.Classification;

namespace Recurrent.Cli.Classification;

/// <summary>
/// <c>rnn train classify --data FILE --model lstm --out DIR</c>: trains a text classifier (or fits a baseline) with
/// a live progress display, saves it in DIR with checkpoints for <c>--resume</c>, and says how to use it.
/// Ctrl-C stops after the current batch; the model is saved as it is.
/// </summary>
internal sealed class TrainClassifyCommand
{
    private readonly ClassificationFlags flags = new();

    private readonly Option<string> model = new Option<string>("--model")
    {
        Description = "The recurrent cell: rnn (Elman), lstm, gru, jordan, gru-reset-before (the GRU of ONNX's linear_before_reset = 0 " +
            "and Keras's reset_after = False) or lstm-peephole (the LSTM whose gates also see the cell state, ONNX's P). Not needed with --baseline.",
    }.OneOf(CellNames.All);

    private readonly Option<string> baseline = new Option<string>("--baseline")
    {
        Description = "Fit a static baseline instead of a network: TF-IDF or the mean of --pretrained word vectors, with a linear classifier.",
    }.OneOf("tfidf", "mean-vectors");

    public static Command Create() => new TrainClassifyCommand().Build();

    private Command Build()
    {
        var command = new Command("classify",
            "Train a text classifier on labelled data.\n" +
            "Example: rnn train classify --data reviews.tsv --model lstm --bidirectional --epochs 5 --out models/reviews");
        command.Options.Add(model);
        command.Options.Add(baseline);
        flags.AddTo(command, resumable: true);
        command.Validators.Add(result =>
        {
            bool hasModel = result.GetValue(model) is not null, hasBaseline = result.GetValue(baseline) is not null;
            if (!hasModel && !hasBaseline)
                result.AddError($"--model is required: {string.Join(", ", CellNames.All)} (or fit a baseline with --baseline tfidf|mean-vectors).");
            else if (hasModel && hasBaseline)
                result.AddError("--model and --baseline exclude each other: a baseline is trained instead of a network.");
            if (result.GetValue(flags.Training.Resume) && hasBaseline)
                result.AddError("--resume continues the training of a network; a baseline is fitted in one go, so fit it again (with --overwrite).");
            if (result.GetResult(flags.MaxFeatures) is { Implicit: false } && result.GetValue(baseline) != "tfidf")
                result.AddError("--max-features limits the terms of the TF-IDF baseline: use it with --baseline tfidf.");
        });
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
        options = options with
        {
            Baseline = parse.GetValue(baseline) switch { "tfidf" => Baseline.TfIdf, "mean-vectors" => Baseline.MeanVectors, _ => Baseline.None },
            Trainer = training.ApplyOutput(parse, options.Trainer),
        };
        if (parse.GetValue(model) is { } cell)
        {
            var cellKind = CellNames.Parse(cell, "--model", CellNames.All);
            options = flags.WithCell(parse, options, cellKind, parse.GetValue(flags.Network.Bidirectional), strict: true);
        }

        var run = ResumableRun.Run(resuming, directory, "the data, --model and sizes",
            cancellation => TrainingDisplay.Run(quiet, progress => ClassificationTraining.Run(options, progress, cancellation)));
        WriteSummary(run, directory, quiet);
        ReportCommand.WriteAfterTraining(directory, quiet);
        return 0;
    }

    private static void WriteSummary(ClassificationRun run, string directory, bool quiet)
    {
        var output = Console.Out;
        string validation = run.Validation is { } report
            ? string.Create(CultureInfo.InvariantCulture, $"accuracy {report.Accuracy:F4}, macro-F1 {report.MacroF1:F4} on {report.Count} examples")
            : "no validation data";
        if (quiet)
        {
            output.WriteLine($"validation {validation}; model saved in {directory}");
            return;
        }

        output.WriteLine();
        if (run.Training is { } training)
        {
            output.WriteLine(TrainingOutcome.Ending(training));
            if (TrainingOutcome.BestEpoch(training) is { } best) output.WriteLine(best);
        }
        output.WriteLine($"Validation: {validation}.");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Model: {run.Model.Kind}, {run.Model.ParameterCount:N0} parameters, {run.Model.Labels.Count} labels; trained in " +
                $"{Duration.Format(run.Elapsed)}; saved in {directory}"));
        string dir = Quote(directory);
        output.WriteLine("Use it:");
        output.WriteLine($"  rnn evaluate {dir} --data TEST_FILE");
        output.WriteLine($"  rnn predict {dir} \"some text\"");
        output.WriteLine($"  rnn summary {dir}");
    }

    private static string Quote(string path) => path.Contains(' ') ? $"\"{path}\"" : path;
}
