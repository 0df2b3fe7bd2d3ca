using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Text.Json.Nodes;
using Recurrent.Cli.Progress;
using Recurrent.Tasks.Tagging;

namespace Recurrent.Cli.Tagging;

/// <summary>
/// <c>rnn compare tag --data eng.train --pretrained glove.txt --out DIR</c>: trains the full tagger (character features, the
/// pretrained vectors, a CRF) and the variants that each leave one part out, on the same split with the same seed and
/// settings, and shows one table of their held-out scores (also DIR/compare.md and DIR/compare.json): what each part adds.
/// </summary>
internal sealed class CompareTagCommand
{
    /// <summary>The variants by name: the full model, and each part left out.</summary>
    private static readonly string[] VariantNames = ["full", "softmax", "no-chars", "no-pretrained"];

    private readonly TaggingFlags flags = new();

    private readonly Option<string[]?> variants = new("--variants")
    {
        HelpName = "NAME,NAME",
        Description = "The variants to train, separated by commas: full (the flags as given), softmax (--crf false), no-chars (--char-features none), " +
                      "no-pretrained (without --pretrained) [default: all that differ from full].",
        CustomParser = ParseVariants,
    };

    private readonly Option<string> output = new("--out")
    {
        HelpName = "DIR",
        Description = "Save each variant's tagger in DIR/<variant>, and the table in DIR/compare.md and DIR/compare.json.",
        Required = true,
    };

    private readonly Option<bool> overwrite = new("--overwrite")
    {
        Description = "Replace taggers already in DIR/<variant>.",
    };

    public static Command Create() => new CompareTagCommand().Build();

    private Command Build()
    {
        var command = new Command("tag",
            "Train the full tagger and variants without the CRF, the character features or the pretrained vectors on the same split, and " +
            "compare their entity F1.\n" +
            "Example: rnn compare tag --data eng.train --pretrained glove.txt --epochs 5 --out runs/ner");
        flags.AddTo(command, resumable: false, variants);
        command.Options.Add(output);
        command.Options.Add(overwrite);
        command.SetAction(parse => CommandErrors.Run(() => Run(parse)));
        return command;
    }

    /// <summary>One variant's figures on the held-out sentences.</summary>
    private sealed record Row(string Variant, string Model, TaggingEvaluation Evaluation, int Epochs, TimeSpan Time);

    private int Run(ParseResult parse)
    {
        string directory = parse.GetValue(output)!;
        OutputDirectoryRules.Check(directory, output.Name);
        var baseline = flags.Build(parse);
        var names = parse.GetValue(variants) is { Length: > 0 } given ? given
            : VariantNames.Where(name => name != "no-pretrained" || baseline.PretrainedVectors is not null).ToArray();
        var options = names.Select(name => Variant(name, baseline)).ToList();
        ComparisonTable.RefuseExistingModels(directory, names, parse.GetValue(overwrite));

        bool quiet = parse.GetValue(flags.Training.Quiet);
        var rows = new List<Row>();
        using (var cancellation = new CtrlCCancellation())
        {
            for (int i = 0; i < names.Length; i++)
            {
                if (!quiet) Console.Out.WriteLine($"== {names[i]} ==");
                var variantOptions = options[i] with
                {
                    Trainer = options[i].Trainer with { Directory = Path.Combine(directory, names[i]), Overwrite = parse.GetValue(overwrite) },
                };
                var run = TrainingDisplay.Run(quiet, progress => TaggingTraining.Run(variantOptions, progress, cancellation.Token));
                if (run.Validation is { } validation)
                    rows.Add(new Row(names[i], TaggingTraining.Describe(run.Tagger.Network.Options), validation, run.Training.History.Count, run.Elapsed));
                if (cancellation.Token.IsCancellationRequested)
                {
                    Console.Error.WriteLine($"stopped by Ctrl-C during {names[i]}; the table shows the variants trained so far.");
                    break;
                }
            }
        }

        string[] headers = ["variant", "F1", "precision", "recall", "token accuracy", "epochs", "time", "model"];
        var cells = rows.Select(row => new[]
        {
            row.Variant, Number(row.Evaluation.Scores.F1), Number(row.Evaluation.Scores.Precision), Number(row.Evaluation.Scores.Recall),
            Number(row.Evaluation.Scores.TokenAccuracy), row.Epochs.ToString(CultureInfo.InvariantCulture), Duration.Format(row.Time), row.Model,
        }).ToList();
        var json = new JsonArray(rows.Select(row =>
        {
            var document = TaggerEvaluation.ToJson(row.Evaluation, row.Evaluation.Predicted.Count);
            document["variant"] = row.Variant;
            document["model"] = row.Model;
            document["epochs"] = row.Epochs;
            document["seconds"] = Math.Round(row.Time.TotalSeconds, 2);
            return (JsonNode)document;
        }).ToArray());
        const string title = "Held-out sentences (entity scores as conlleval counts them)";
        new ComparisonTable(title, headers, cells, TextColumns: 1).ShowAndSave(directory, title + ".", json, "tagger");
        return 0;
    }

    /// <summary>The options of variant <paramref name="name"/>: the flags' options with one part left out.</summary>
    private static TaggingTrainingOptions Variant(string name, TaggingTrainingOptions full) => name switch
    {
        "softmax" => full with { Model = full.Model with { Crf = false } },
        "no-chars" => full with { Model = full.Model with { Characters = null } },
        "no-pretrained" => full.PretrainedVectors is not null ? full with { PretrainedVectors = null }
            : throw new UsageException("--variants no-pretrained leaves out the vectors of --pretrained: add --pretrained FILE (or drop no-pretrained)."),
        _ => full,
    };

    private static string Number(double value) => value.ToString("0.000", CultureInfo.InvariantCulture);

    /// <summary>"full,softmax" → the names, in order; an unknown or repeated name is a parse error.</summary>
    private static string[]? ParseVariants(ArgumentResult result)
    {
        var names = result.Tokens.SelectMany(t => t.Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            .Select(name => name.ToLowerInvariant()).ToList();
        foreach (string name in names)
        {
            if (!VariantNames.Contains(name))
            {
                result.AddError($"--variants: unknown variant '{name}'; use names from {string.Join(", ", VariantNames)}, separated by commas.");
                return [];
            }
            if (names.Count(n => n == name) > 1)
            {
                result.AddError($"--variants: '{name}' is listed twice.");
                return [];
            }
        }
        if (names.Count == 0) result.AddError("--variants: give at least one variant, e.g. --variants full,softmax.");
        return names.ToArray();
    }
}
