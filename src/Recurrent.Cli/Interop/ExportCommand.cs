using System.CommandLine;
using Recurrent.Onnx;
using Recurrent.Onnx.Classification;
using Recurrent.Onnx.Forecasting;
using Recurrent.Onnx.Graph;
using Recurrent.Onnx.LanguageModel;
using Recurrent.Onnx.Tagging;
using Recurrent.Onnx.Translation;
using Recurrent.Serialization;
using Recurrent.Tasks.Classification;
using Recurrent.Tasks.Forecasting;
using Recurrent.Tasks.LanguageModel;
using Recurrent.Tasks.Tagging;
using Recurrent.Tasks.Translation;

namespace Recurrent.Cli.Interop;

/// <summary>
/// <c>rnn export DIR --onnx FILE</c>: a saved recurrent text classifier (<see cref="ClassifierExport"/>), tagger
/// (<see cref="TaggerExport"/>) or forecaster (<see cref="ForecasterExport"/>) as an ONNX model, a language model as a
/// whole-sequence and a one-step model (<see cref="LanguageModelExport"/>), a translator as an encoder and a decoder-step
/// model (<see cref="TranslatorExport"/>), the second of a pair beside FILE (<see cref="StepModelPath"/>); each written
/// atomically, for ONNX Runtime and other engines. The baselines are refused with a line saying what can be exported.
/// <c>rnn export DIR --pytorch OUTDIR</c>: the model as a PyTorch module (<see cref="PyTorchHandOff"/>).
/// </summary>
internal static class ExportCommand
{
    /// <summary>What <c>--onnx</c> can export so far, for the refusals.</summary>
    private const string Exportable = "rnn export --onnx exports the recurrent networks of rnn train classify, tag, forecast, lm and " +
                                      "translate";

    public static Command Create()
    {
        var directory = new Argument<string>("DIR") { Description = "A model directory written by rnn train classify, tag, forecast, lm or translate." };
        var onnx = new Option<string>("--onnx")
        {
            Description = "Write the model as ONNX to this file (a classifier: inputs tokens int64 [batch, time] and lengths int64 [batch], " +
                          "output probabilities float [batch, classes] in config.json's label order); a language model's step graph " +
                          "or a translator's decoder step goes beside it as FILE.step.onnx; what each task's graphs read and give is " +
                          "printed and in docs/interop.md.",
            HelpName = "FILE",
        };
        var pytorch = new Option<string>("--pytorch")
        {
            Description = "Write the model as a PyTorch module into this new directory: model.py, model.safetensors, config.json, the " +
                          "vocabulary, examples.json and load.py.",
            HelpName = "OUTDIR",
        };
        var command = new Command("export", "Export a trained model for another engine (ONNX Runtime, PyTorch).\n" +
                                            "Example: rnn export models/reviews --onnx reviews.onnx")
        {
            directory, onnx, pytorch,
        };
        command.SetAction(parse => CommandErrors.Run(() => parse.GetValue(pytorch) is { } pytorchDirectory
            ? PyTorchHandOff.Export(parse.GetValue(directory)!, pytorchDirectory, parse.GetValue(onnx))
            : Run(parse.GetValue(directory)!, parse.GetValue(onnx))));
        return command;
    }

    private static int Run(string path, string? onnxFile)
    {
        if (string.IsNullOrWhiteSpace(onnxFile))
            throw new UsageException("--onnx FILE or --pytorch OUTDIR is required: say what to write, as in rnn export DIR --onnx model.onnx.");
        var config = ModelDirectory.Open(path).Config;
        try
        {
            return config.Task switch
            {
                TextClassificationModel.TaskName => ExportClassifier(path, onnxFile),
                TrainedLanguageModel.TaskName => ExportLanguageModel(path, onnxFile),
                Translator.TaskName => ExportTranslator(path, onnxFile),
                Tagger.TaskName => ExportTagger(path, onnxFile),
                Forecaster.TaskName => ExportForecaster(path, onnxFile),
                _ => throw new UsageException($"--onnx: {path} is a '{config.Task}' model; {Exportable}."),
            };
        }
        catch (OnnxExportException e)
        {
            throw new UsageException($"--onnx: {path}: {e.Message}");
        }
    }

    private static int ExportClassifier(string path, string onnxFile)
    {
        var model = TextClassificationModel.Load(path);
        if (model.Network is not { } network)
            throw new UsageException($"--onnx: {path} is a {model.Kind} baseline, not a recurrent network; {Exportable}.");
        ClassifierExport.Write(network, model.Labels, onnxFile);
        return Wrote(onnxFile, $"inputs tokens int64 [batch, time] and lengths int64 [batch], output probabilities float " +
                               $"[batch, {model.Labels.Count}] of the labels {string.Join(", ", model.Labels)}.");
    }

    private static int ExportLanguageModel(string path, string onnxFile)
    {
        var model = TrainedLanguageModel.Load(path);
        string stepFile = LanguageModelExport.Write(model, onnxFile);
        var options = model.Network.Options;
        string states = Recurrence.RecurrentCells.Of(options.Cell).HasCellState ? "state_h, state_c" : "state_h";
        Console.WriteLine($"Wrote {onnxFile} (ONNX opset {OnnxGraph.Opset}, the whole sequence): inputs tokens int64 [batch, time] and lengths " +
                          $"int64 [batch], outputs logits float [batch, time, {options.VocabularySize}] and the final {states} " +
                          $"[{options.NumLayers}, batch, {options.HiddenSize}].");
        Console.WriteLine($"Wrote {stepFile} (one step): inputs token int64 [batch] and {states}, outputs logits float [batch, " +
                          $"{options.VocabularySize}] and next_{states.Replace(", ", ", next_")}.");
        return 0;
    }

    private static int ExportTranslator(string path, string onnxFile)
    {
        var model = Translator.Load(path);
        string stepFile = TranslatorExport.Write(model, onnxFile);
        var options = model.Network.Options;
        bool attention = options.Attention != AttentionKind.None, luong = attention && options.Attention != AttentionKind.Bahdanau;
        string states = (Recurrence.RecurrentCells.Of(options.Cell).HasCellState ? "state_h, state_c" : "state_h") + (luong ? ", fed" : "");
        string memory = attention ? "encoder_outputs, keys, " : "encoder_outputs, ";
        Console.WriteLine($"Wrote {onnxFile} (ONNX opset {OnnxGraph.Opset}, the encoder): inputs source int64 [batch, source_time] and " +
                          $"source_lengths int64 [batch], outputs {memory}{states}.");
        Console.WriteLine($"Wrote {stepFile} (one decoder step, {options.Attention} attention): inputs previous_token int64 [batch], {states}" +
                          $"{(attention ? ", encoder_outputs, keys, source_lengths" : "")}, outputs log_probabilities float [batch, " +
                          $"{options.TargetVocabularySize}]{(attention ? ", attention [batch, source_time]" : "")}, next_{states.Replace(", ", ", next_")}.");
        return 0;
    }

    private static int ExportTagger(string path, string onnxFile)
    {
        var tagger = Tagger.Load(path);
        TaggerExport.Write(tagger, onnxFile);
        var options = tagger.Network.Options;
        var inputs = new List<string> { "tokens int64 [batch, time]", "lengths int64 [batch]" };
        if (options.Characters is not null) inputs.AddRange(["characters int64 [batch, time, chars]", "word_lengths int64 [batch, time]"]);
        if (options.Casing) inputs.Add("casings int64 [batch, time]");
        string outputs = options.Crf
            ? $"emissions float [batch, time, {options.TagCount}] and the CRF's transitions, start_transitions and end_transitions for Viterbi decoding"
            : $"emissions and probabilities float [batch, time, {options.TagCount}]";
        return Wrote(onnxFile, $"inputs {string.Join(", ", inputs)}; outputs {outputs}, of the tags {string.Join(", ", tagger.Vocabulary.Tags)}.");
    }

    private static int ExportForecaster(string path, string onnxFile)
    {
        var forecaster = Forecaster.Load(path);
        ForecasterExport.Write(forecaster, onnxFile);
        var options = forecaster.Network.Options;
        bool recursive = options.Strategy == ForecastStrategy.Recursive;
        string steps = options.Strategy switch
        {
            ForecastStrategy.Direct => $"{options.Horizon} steps",
            ForecastStrategy.Recursive => "the next step (the recursive strategy: feed it back for more)",
            _ => $"{options.Horizon} steps (the seq2seq decoder unrolled over the trained horizon)",
        };
        return Wrote(onnxFile, $"input window float [batch, {options.Lookback}, {options.Features}], output forecast float [batch, " +
                               $"{(recursive ? 1 : options.Horizon)}, {options.OutputsPerStep}] of {steps}, both in the model's scaled space.");
    }

    private static int Wrote(string onnxFile, string what)
    {
        Console.WriteLine($"Wrote {onnxFile} (ONNX opset {OnnxGraph.Opset}): {what}");
        return 0;
    }
}
