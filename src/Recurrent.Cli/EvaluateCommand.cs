using System.CommandLine;
using Recurrent.Cli.Classification;
using Recurrent.Cli.Forecasting;
using Recurrent.Cli.LanguageModel;
using Recurrent.Cli.Tagging;
using Recurrent.Cli.Translation;
using Recurrent.Serialization;
using Recurrent.Tasks.Classification;
using Recurrent.Tasks.Forecasting;
using Recurrent.Tasks.LanguageModel;
using Recurrent.Tasks.Tagging;
using Recurrent.Tasks.Translation;

namespace Recurrent.Cli;

/// <summary>
/// <c>rnn evaluate DIR --data FILE [--json]</c>: scores a saved model on data, choosing the evaluation by the task in
/// the model's config.json.
/// </summary>
internal static class EvaluateCommand
{
    public static Command Create()
    {
        var directory = new Argument<string>("DIR") { Description = "A model directory written by rnn train." };
        var data = new Option<string[]>("--data")
        {
            HelpName = "FILE",
            Description = "Data to score the model on (labelled data for a classifier, plain text for a language model, sentence pairs for a " +
                          "translator, tagged sentences for a tagger); repeat to concatenate several files.",
            Required = true,
        }.ExistingPaths();
        var dataOptions = new Classification.DataOptions();
        var json = new Option<bool>("--json")
        {
            Description = "Write one JSON object: for a classifier accuracy, macro_f1, loss, per_class, confusion, labels; for a language model loss, " +
                "bits_per_char, perplexity; for a translator bleu, chrf, exact_match, loss, perplexity, accuracy, sentences; for a forecaster rmse, " +
                "mae, mape, smape, mase, their per-step lists, test_points, coverage and baselines; for a tagger precision, recall, f1, per_type, " +
                "token_accuracy, loss, sentences, tokens.",
        };
        var beam = new Option<int?>("--beam")
        {
            HelpName = "N", Description = "A translator: the beam width of the translations scored (1: greedy) [default: 5].",
        }.AtLeast(1);
        var plot = new Option<string?>("--plot")
        {
            HelpName = "FILE", Description = "A forecaster: also draw its forecasts of the test part against the actual values as an SVG chart.",
        };
        var command = new Command("evaluate",
            "Score a saved model on data. A classifier: accuracy, macro-F1, loss, per-class scores and the confusion matrix.\n" +
            "A language model: loss in nats per token, bits per character and perplexity, the state carried through the text.\n" +
            "A translator: corpus BLEU, chrF and exact match of its translations, and loss, perplexity and token accuracy.\n" +
            "A forecaster: RMSE, MAE, MAPE, sMAPE and MASE on the test part of the series, beside naive forecasts and a linear autoregression.\n" +
            "A tagger: entity precision, recall and F1 as conlleval counts them, per type, and the token accuracy.\n" +
            "Example: rnn evaluate models/reviews --data test.tsv")
        {
            directory,
            data,
            json,
            beam,
            plot,
        };
        dataOptions.AddTo(command);
        command.SetAction(parse => CommandErrors.Run(() =>
        {
            string path = parse.GetValue(directory)!;
            string task = ModelDirectory.Open(path).Config.Task;
            if (task != Translator.TaskName && parse.GetValue(beam) is not null)
                throw new UsageException($"--beam sets how a translator searches; {path} is a '{task}' model: drop --beam.");
            if (task is Translator.TaskName or Tagger.TaskName
                && new Option[] { dataOptions.Format, dataOptions.TextColumn, dataOptions.LabelColumn }.FirstOrDefault(o => parse.GetResult(o) is
                    { Implicit: false }) is { } labelled)
                throw new UsageException($"{labelled.Name} reads labelled data; " + (task == Tagger.TaskName
                    ? "a tagger reads tagged sentences as it was trained on them (CoNLL or WNUT columns)"
                    : "a translator reads sentence pairs (a sentence, a tab, its translation)") + $": drop {labelled.Name}.");
            if (task != Forecaster.TaskName && parse.GetValue(plot) is not null)
                throw new UsageException($"--plot draws a forecaster's test forecasts; {path} is a '{task}' model: drop --plot.");
            return task switch
            {
                TextClassificationModel.TaskName => ClassifierEvaluation.Run(path, parse.GetValue(data)!, dataOptions.Read(parse), parse.GetValue(json)),
                TrainedLanguageModel.TaskName => LanguageModelEvaluation.Run(path, parse.GetValue(data)!, parse.GetValue(json)),
                Translator.TaskName => TranslatorEvaluation.Run(path, parse.GetValue(data)!, parse.GetValue(dataOptions.SkipBadRows), parse.GetValue(beam) ?? 5,
                    parse.GetValue(json)),
                Forecaster.TaskName => ForecasterEvaluation.Run(path, parse.GetValue(data)!, parse.GetValue(json), parse.GetValue(plot)),
                Tagger.TaskName => TaggerEvaluation.Run(path, parse.GetValue(data)!, parse.GetValue(dataOptions.SkipBadRows), parse.GetValue(json)),
                _ => throw new UsageException($"{path}: rnn evaluate cannot score a '{task}' model; it knows {TextClassificationModel.TaskName}, " +
                    $"{TrainedLanguageModel.TaskName}, {Translator.TaskName}, {Forecaster.TaskName} and {Tagger.TaskName} models."),
            };
        }));
        return command;
    }
}
