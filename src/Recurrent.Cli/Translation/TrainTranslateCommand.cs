using System.CommandLine;
using Recurrent.Cli.Progress;
using Recurrent.Cli.Training;
using Recurrent.Tasks.Translation;

namespace Recurrent.Cli.Translation;

/// <summary>
/// <c>rnn train translate --data pairs.tsv --out DIR</c>: trains an encoder–decoder with attention on sentence pairs, validates
/// on held-out sources every epoch (BLEU, chrF, exact match, loss, perplexity, token accuracy in metrics.jsonl), saves the
/// translator with its checkpoints for <c>--resume</c>, and shows the final figures with a few held-out translations.
/// </summary>
internal sealed class TrainTranslateCommand
{
    /// <summary>Held-out translations shown at the end of a run.</summary>
    private const int Examples = 5;

    private readonly TranslationFlags flags = new();

    private readonly Option<AttentionKind?> attention = EnumFlag.Create<AttentionKind>("--attention",
        "How the decoder looks at the encoder's outputs: none (only through its initial state), Bahdanau's additive score, or Luong's dot, " +
        "general or concat score.", AttentionKind.Bahdanau);

    private readonly Option<TeacherForcingDecay?> decay = EnumFlag.Create<TeacherForcingDecay>("--teacher-forcing-decay",
        "How the teacher-forcing ratio falls over the training batches (scheduled sampling).", TeacherForcingDecay.Constant);

    private readonly Option<int> beam = new Option<int>("--beam")
    {
        HelpName = "N", Description = "Beam width of the translations that validation scores (1: greedy, the fastest).", DefaultValueFactory = _ => 1,
    }.AtLeast(1);

    public static Command Create() => new TrainTranslateCommand().Build();

    private Command Build()
    {
        var command = new Command("translate",
            "Train a translator (an encoder-decoder with attention) on sentence pairs, with validation BLEU every epoch.\n" +
            "Example: rnn train translate --data pairs.tsv --epochs 6 --out models/translator");
        flags.AddTo(command, resumable: true, attention, decay, beam);
        command.SetAction(parse => CommandErrors.Run(() => Run(parse)));
        return command;
    }

    private int Run(ParseResult parse)
    {
        var training = flags.Training;
        string directory = parse.GetValue(training.Output)!;
        OutputDirectoryRules.Check(directory, training.Output.Name);
        bool resuming = parse.GetValue(training.Resume), quiet = parse.GetValue(training.Quiet);
        var options = flags.Build(parse, parse.GetValue(attention) ?? AttentionKind.Bahdanau, parse.GetValue(decay) ?? TeacherForcingDecay.Constant);
        options = options with
        {
            ValidationSearch = options.ValidationSearch with { BeamWidth = parse.GetValue(beam) },
            Trainer = training.ApplyOutput(parse, options.Trainer),
        };

        var run = ResumableRun.Run(resuming, directory, "the data, --level, --model, --attention and sizes",
            cancellation => TrainingDisplay.Run(quiet, progress => TranslationTraining.Run(options, progress, cancellation)));
        WriteSummary(run, run.Validation, directory, quiet); // the validation of the weights saved
        ReportCommand.WriteAfterTraining(directory, quiet);
        return 0;
    }

    private static void WriteSummary(TranslationRun run, TranslationEvaluation? final, string directory, bool quiet)
    {
        var output = Console.Out;
        string figures = final is { } validation ? TranslationFigures.Describe(validation) : "no validation ran";
        if (quiet)
        {
            output.WriteLine($"validation: {figures}; model saved in {directory}");
            return;
        }
        var result = run.Training;
        output.WriteLine();
        output.WriteLine(TrainingOutcome.Ending(result, run.Elapsed));
        if (TrainingOutcome.BestEpoch(result) is { } best) output.WriteLine(best);
        output.WriteLine($"Validation ({run.ValidationPairs:N0} held-out pairs): {figures}");
        if (final is { Translations.Count: > 0 } scored)
        {
            var references = TranslationFigures.References(run.ValidationSet);
            output.WriteLine("Held-out examples:");
            foreach (var translation in scored.Translations.Take(Examples))
            {
                output.WriteLine($"  source:      {translation.Source}");
                output.WriteLine($"  reference:   {string.Join(" | ", references.GetValueOrDefault(translation.Source) ?? [])}");
                output.WriteLine($"  translation: {translation.Text}");
            }
        }
        output.WriteLine($"Model: {TranslationTraining.Describe(run.Translator.Network.Options)}; saved in {directory}");
        string dir = directory.Contains(' ') ? $"\"{directory}\"" : directory;
        output.WriteLine("Use it:");
        output.WriteLine($"  rnn translate {dir} \"Hello world.\" --show-attention");
        output.WriteLine($"  rnn evaluate {dir} --data {Path.Combine(dir, TranslationTraining.ValidationFile)}");
        output.WriteLine($"  rnn summary {dir}");
    }
}
