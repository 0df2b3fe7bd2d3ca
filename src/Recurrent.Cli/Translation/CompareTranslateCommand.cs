using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Text.Json.Nodes;
using Recurrent.Cli.Progress;
using Recurrent.Tasks.Translation;

namespace Recurrent.Cli.Translation;

/// <summary>
/// <c>rnn compare translate --data pairs.tsv --attention none,bahdanau,luong-general --out DIR</c>: trains one translator per
/// attention × teacher-forcing decay on the same split with the same seed and settings, scores each on the held-out pairs
/// with one beam width, and shows one table (also DIR/compare.md and DIR/compare.json): BLEU overall and by source length,
/// chrF, exact match, validation loss and training time. The experiment of exercise 3.2d: how attention removes the
/// bottleneck of a single context vector, most visibly on long sentences.
/// </summary>
internal sealed class CompareTranslateCommand
{
    /// <summary>The source-length buckets of the table, in words (whitespace-separated): 1–4, 5–8, 9–12, 13 and more.</summary>
    private static readonly (int From, int To, string Name)[] Buckets = [(1, 4, "1-4"), (5, 8, "5-8"), (9, 12, "9-12"), (13, int.MaxValue, "13+")];

    private readonly TranslationFlags flags = new();

    /// <summary>The attentions compared without --attention: the bottleneck of exercise 3.1c against the two classic scores.</summary>
    private static readonly AttentionKind[] DefaultAttentions = [AttentionKind.None, AttentionKind.Bahdanau, AttentionKind.LuongGeneral];

    private readonly Option<AttentionKind[]?> attentions = new("--attention")
    {
        HelpName = "KIND,KIND",
        Description = $"The attentions to compare, separated by commas: {string.Join(", ", EnumFlag.Names<AttentionKind>())} " +
                      $"[default: {string.Join(",", DefaultAttentions.Select(EnumFlag.Name))}].",
        CustomParser = ParseList<AttentionKind>,
    };

    private readonly Option<TeacherForcingDecay[]?> decays = new("--teacher-forcing-decay")
    {
        HelpName = "DECAY,DECAY",
        Description = $"The teacher-forcing schedules to compare, separated by commas: {string.Join(", ", EnumFlag.Names<TeacherForcingDecay>())} " +
                      "[default: constant].",
        CustomParser = ParseList<TeacherForcingDecay>,
    };

    private readonly Option<int> beam = new Option<int>("--beam")
    {
        HelpName = "N", Description = "Beam width of the translations the table scores (training validates greedily).", DefaultValueFactory = _ => 5,
    }.AtLeast(1);

    private readonly Option<string> output = new("--out")
    {
        HelpName = "DIR",
        Description = "Save each variant's translator in DIR/<variant>, and the table in DIR/compare.md and DIR/compare.json.",
        Required = true,
    };

    private readonly Option<bool> overwrite = new("--overwrite")
    {
        Description = "Replace translators already in DIR/<variant>.",
    };

    public static Command Create() => new CompareTranslateCommand().Build();

    private Command Build()
    {
        var command = new Command("translate",
            "Train translators with different attentions (and teacher-forcing schedules) on the same split and compare their BLEU, overall " +
            "and by source length.\n" +
            "Example: rnn compare translate --data pairs.tsv --attention none,bahdanau,luong-general --epochs 4 --out runs/attention");
        flags.AddTo(command, resumable: false, attentions, decays, beam);
        command.Options.Add(output);
        command.Options.Add(overwrite);
        command.SetAction(parse => CommandErrors.Run(() => Run(parse)));
        return command;
    }

    /// <summary>One variant's figures on the held-out pairs.</summary>
    private sealed record Row(string Variant, AttentionKind Attention, TeacherForcingDecay Decay, TranslationEvaluation Evaluation,
        double?[] BleuByLength, TimeSpan Time);

    private int Run(ParseResult parse)
    {
        string directory = parse.GetValue(output)!;
        OutputDirectoryRules.Check(directory, output.Name);
        // Without the flag the parser gives an empty list (a given flag with no value is a parse error).
        var attentionKinds = parse.GetValue(attentions) is { Length: > 0 } givenAttentions ? givenAttentions : DefaultAttentions;
        var decayKinds = parse.GetValue(decays) is { Length: > 0 } givenDecays ? givenDecays : [TeacherForcingDecay.Constant];
        var variants = (from attention in attentionKinds from decay in decayKinds select (attention, decay)).ToList();
        bool severalDecays = decayKinds.Length > 1, quiet = parse.GetValue(flags.Training.Quiet);
        string Name((AttentionKind Attention, TeacherForcingDecay Decay) variant) =>
            TranslationTraining.AttentionName(variant.Attention) + (severalDecays ? "+" + EnumFlag.Name(variant.Decay) : "");
        // Every variant's options are checked before the first one trains.
        var allAttentions = variants.Select(v => v.attention).Distinct().ToArray();
        var allDecays = variants.Select(v => v.decay).Distinct().ToArray();
        var options = variants.Select(v => flags.Build(parse, v.attention, v.decay, allAttentions, allDecays)).ToList();
        ComparisonTable.RefuseExistingModels(directory, variants.Select(Name), parse.GetValue(overwrite));

        var search = new TranslationSearchOptions { BeamWidth = parse.GetValue(beam) };
        var rows = new List<Row>();
        int[] bucketSizes = [];
        using (var cancellation = new CtrlCCancellation())
        {
            for (int i = 0; i < variants.Count; i++)
            {
                string name = Name(variants[i]);
                if (!quiet) Console.Out.WriteLine($"== {name} ==");
                var variantOptions = options[i] with
                {
                    Trainer = options[i].Trainer with { Directory = Path.Combine(directory, name), Overwrite = parse.GetValue(overwrite) },
                };
                var run = TrainingDisplay.Run(quiet, progress => TranslationTraining.Run(variantOptions, progress, cancellation.Token));
                var evaluation = run.Translator.Evaluate(run.ValidationSet, search);
                (double?[] bleu, bucketSizes) = BleuByLength(evaluation, run.ValidationSet, run.Translator.Tokenizer.Lowercase);
                rows.Add(new Row(name, variants[i].attention, variants[i].decay, evaluation, bleu, run.Elapsed));
                if (cancellation.Token.IsCancellationRequested)
                {
                    Console.Error.WriteLine($"stopped by Ctrl-C during {name}; the table shows the variants trained so far.");
                    break;
                }
            }
        }

        new ComparisonTable($"Held-out pairs, beam {search.BeamWidth}", Headers(bucketSizes), rows.Select(Cells).ToList())
            .ShowAndSave(directory, $"Held-out pairs, beam {search.BeamWidth} (BLEU by the source's length in words).",
                ToJson(rows, bucketSizes, search.BeamWidth), "translator");
        return 0;
    }

    /// <summary>Corpus BLEU of the translations whose source falls in each bucket (null for an empty bucket), and the bucket sizes.</summary>
    private static (double?[] Bleu, int[] Sizes) BleuByLength(TranslationEvaluation evaluation, IEnumerable<ParallelTextPair> pairs, bool lowercase)
    {
        var references = TranslationFigures.References(pairs);
        var bleu = new double?[Buckets.Length];
        var sizes = new int[Buckets.Length];
        for (int b = 0; b < Buckets.Length; b++)
        {
            var inBucket = evaluation.Translations.Where(t => Words(t.Source) >= Buckets[b].From && Words(t.Source) <= Buckets[b].To).ToList();
            sizes[b] = inBucket.Count;
            if (inBucket.Count > 0)
                bleu[b] = CorpusBleu.Compute(inBucket.Select(t => t.Text).ToList(), inBucket.Select(t => references[t.Source]).ToList(), lowercase).Score;
        }
        return (bleu, sizes);
    }

    private static int Words(string sentence) => sentence.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length;

    private static string[] Headers(int[] bucketSizes) =>
    [
        "variant", "BLEU", .. Buckets.Select((bucket, b) => $"BLEU {bucket.Name} words (n={(b < bucketSizes.Length ? bucketSizes[b] : 0)})"),
        "chrF", "exact match", "valid loss", "time",
    ];

    private static string[] Cells(Row row)
    {
        var scores = row.Evaluation.Scores!;
        return
        [
            row.Variant, Number(scores.Bleu.Score, "F2"), .. row.BleuByLength.Select(bleu => bleu is { } value ? Number(value, "F2") : "-"),
            Number(scores.ChrF.Score, "F1"), Number(scores.ExactMatch * 100, "F1") + "%", Number(row.Evaluation.Loss, "F4"), Duration.Format(row.Time),
        ];
    }

    private static string Number(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);

    private static JsonArray ToJson(List<Row> rows, int[] bucketSizes, int beamWidth) => new(rows.Select(row =>
    {
        var json = TranslationFigures.ToJson(row.Evaluation);
        json["variant"] = row.Variant;
        json["attention"] = TranslationTraining.AttentionName(row.Attention);
        json["teacher_forcing_decay"] = EnumFlag.Name(row.Decay);
        json["beam"] = beamWidth;
        json["bleu_by_source_length"] = new JsonArray(Buckets.Select((bucket, b) => (JsonNode?)new JsonObject
        {
            ["words"] = bucket.Name,
            ["sentences"] = b < bucketSizes.Length ? bucketSizes[b] : 0,
            ["bleu"] = row.BleuByLength[b] is { } value ? JsonOutput.Number(value) : null,
        }).ToArray());
        json["seconds"] = Math.Round(row.Time.TotalSeconds, 2);
        return (JsonNode?)json;
    }).ToArray());

    /// <summary>"none,bahdanau" → the members named, in order; an unknown or repeated name is a parse error naming the flag.</summary>
    private static TEnum[]? ParseList<TEnum>(ArgumentResult result) where TEnum : struct, Enum
    {
        string flag = result.Parent is OptionResult option ? option.Option.Name : "option";
        var names = result.Tokens.SelectMany(t => t.Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)).ToList();
        var members = new List<TEnum>();
        foreach (string name in names)
        {
            if (EnumFlag.Find<TEnum>(name) is not { } member)
            {
                result.AddError($"{flag}: unknown value '{name}'; use names from {string.Join(", ", EnumFlag.Names<TEnum>())}, separated by commas.");
                return [];
            }
            if (members.Contains(member))
            {
                result.AddError($"{flag}: '{name}' is listed twice.");
                return [];
            }
            members.Add(member);
        }
        if (members.Count == 0) result.AddError($"{flag}: give at least one value, e.g. {flag} {EnumFlag.Names<TEnum>()[0]}.");
        return members.ToArray();
    }
}
