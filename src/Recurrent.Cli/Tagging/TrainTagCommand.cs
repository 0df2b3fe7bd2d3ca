using System.CommandLine;
using Recurrent.Cli.Progress;
using Recurrent.Cli.Training;
using Recurrent.Tasks.Tagging;

namespace Recurrent.Cli.Tagging;

/// <summary>
/// <c>rnn train tag --data eng.train --out DIR</c>: trains a sequence labeller (Bi-LSTM with character features and a CRF) on
/// tagged sentences, validates on held-out documents every epoch (entity precision, recall and F1 as conlleval counts them,
/// token accuracy and loss in metrics.jsonl), saves the tagger with its checkpoints for <c>--resume</c>, and shows the final
/// figures per entity type.
/// </summary>
internal sealed class TrainTagCommand
{
    private readonly TaggingFlags flags = new();

    public static Command Create() => new TrainTagCommand().Build();

    private Command Build()
    {
        var command = new Command("tag",
            "Train a sequence labeller (named entities, parts of speech) on tagged sentences, with validation F1 every epoch.\n" +
            "Example: rnn train tag --data eng.train --pretrained glove.txt --out models/ner");
        flags.AddTo(command, resumable: true);
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

        var run = ResumableRun.Run(resuming, directory, "the data, --pretrained, --model, --char-features, --crf and sizes",
            cancellation => TrainingDisplay.Run(quiet, progress => TaggingTraining.Run(options, progress, cancellation)));
        WriteSummary(run, directory, quiet);
        ReportCommand.WriteAfterTraining(directory, quiet);
        return 0;
    }

    private static void WriteSummary(TaggingRun run, string directory, bool quiet)
    {
        var output = Console.Out;
        string figures = run.Validation is { } validation ? TaggingFigures.Describe(validation) : "no validation ran";
        if (quiet)
        {
            output.WriteLine($"validation: {figures}; model saved in {directory}");
            return;
        }
        var result = run.Training;
        output.WriteLine();
        output.WriteLine(TrainingOutcome.Ending(result, run.Elapsed));
        if (TrainingOutcome.BestEpoch(result) is { } best) output.WriteLine(best);
        output.WriteLine($"Validation ({run.ValidationSentences:N0} held-out sentences): {figures}");
        if (run.Validation is { Entities: true } scored) TaggingFigures.WritePerType(output, scored.Scores);
        string tags = run.Tagger.Entities ? $"tags in {Tagger.SchemeName(run.Tagger.Scheme)}" : $"{run.Tagger.Vocabulary.Tags.Count} tags";
        output.WriteLine($"Model: {TaggingTraining.Describe(run.Tagger.Network.Options)}, {tags}; saved in {directory}");
        string dir = directory.Contains(' ') ? $"\"{directory}\"" : directory;
        output.WriteLine("Use it:");
        output.WriteLine($"  rnn predict {dir} \"U.N. official Ekeus heads for Baghdad .\"");
        output.WriteLine($"  rnn evaluate {dir} --data {Path.Combine(dir, TaggingTraining.ValidationFile)}");
        output.WriteLine($"  rnn summary {dir}");
    }
}
