using System.CommandLine;
using Recurrent.Onnx;
using Recurrent.Onnx.Classification;
using Recurrent.Onnx.Forecasting;
using Recurrent.Onnx.Graph;
using Recurrent.Onnx.Tagging;
using Recurrent.Serialization;
using Recurrent.Tasks.Classification;
using Recurrent.Tasks.Forecasting;
using Recurrent.Tasks.Tagging;

namespace Recurrent.Cli.Interop;

/// <summary>
/// <c>rnn export DIR --onnx FILE</c>: a saved recurrent text classifier (<see cref="ClassifierExport"/>), tagger
/// (<see cref="TaggerExport"/>) or forecaster (<see cref="ForecasterExport"/>) as an ONNX model, written atomically, for
/// ONNX Runtime and other engines. Other tasks' models and the baselines are refused with a line saying what can be exported
/// today.
/// </summary>
internal static class ExportCommand
{
    /// <summary>What <c>--onnx</c> can export so far, for the refusals.</summary>
    private const string Exportable = "rnn export --onnx exports recurrent text classifiers (rnn train classify), taggers (rnn train tag) " +
                                      "and forecasters (rnn train forecast) so far";

    public static Command Create()
    {
        var directory = new Argument<string>("DIR") { Description = "A model directory written by rnn train classify, rnn train tag or rnn train forecast." };
        var onnx = new Option<string>("--onnx")
        {
            Description = "Write the model as ONNX to this file (a classifier: inputs tokens int64 [batch, time] and lengths int64 " +
                          "[batch], output probabilities float [batch, classes] in config.json's label order; what a tagger's and a " +
                          "forecaster's read and give is printed and in docs/interop.md).",
            HelpName = "FILE",
        };
        var command = new Command("export", "Export a trained model for another engine (ONNX Runtime).\n" +
                                            "Example: rnn export models/reviews --onnx reviews.onnx")
        {
            directory, onnx,
        };
        command.SetAction(parse => CommandErrors.Run(() => Run(parse.GetValue(directory)!, parse.GetValue(onnx))));
        return command;
    }

    private static int Run(string path, string? onnxFile)
    {
        if (string.IsNullOrWhiteSpace(onnxFile))
            throw new UsageException("--onnx FILE is required: say where to write the ONNX model, as in rnn export DIR --onnx model.onnx.");
        var config = ModelDirectory.Open(path).Config;
        if (config.Task == Tagger.TaskName) return Export(path, onnxFile, () => ExportTagger(path, onnxFile));
        if (config.Task == Forecaster.TaskName) return Export(path, onnxFile, () => ExportForecaster(path, onnxFile));
        if (config.Task != TextClassificationModel.TaskName)
            throw new UsageException($"--onnx: {path} is a '{config.Task}' model; {Exportable}.");
        var model = TextClassificationModel.Load(path);
        if (model.Network is not { } network)
            throw new UsageException($"--onnx: {path} is a {model.Kind} baseline, not a recurrent network; {Exportable}.");
        try
        {
            ClassifierExport.Write(network, model.Labels, onnxFile);
        }
        catch (OnnxExportException e)
        {
            throw new UsageException($"--onnx: {path}: {e.Message}");
        }
        Console.WriteLine($"Wrote {onnxFile} (ONNX opset {OnnxGraph.Opset}): inputs tokens int64 [batch, time] and lengths int64 [batch], " +
                          $"output probabilities float [batch, {model.Labels.Count}] of the labels {string.Join(", ", model.Labels)}.");
        return 0;
    }

    /// <summary>Runs <paramref name="export"/>, which writes the model and returns what to print; a part without an ONNX form is a usage error.</summary>
    private static int Export(string path, string onnxFile, Func<string> export)
    {
        string written;
        try
        {
            written = export();
        }
        catch (OnnxExportException e)
        {
            throw new UsageException($"--onnx: {path}: {e.Message}");
        }
        Console.WriteLine($"Wrote {onnxFile} (ONNX opset {OnnxGraph.Opset}): {written}");
        return 0;
    }

    private static string ExportTagger(string path, string onnxFile)
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
        return $"inputs {string.Join(", ", inputs)}; outputs {outputs}, of the tags {string.Join(", ", tagger.Vocabulary.Tags)}.";
    }

    private static string ExportForecaster(string path, string onnxFile)
    {
        var forecaster = Forecaster.Load(path);
        ForecasterExport.Write(forecaster, onnxFile);
        var options = forecaster.Network.Options;
        bool direct = options.Strategy == ForecastStrategy.Direct;
        string steps = direct ? $"{options.Horizon} steps" : "the next step (the recursive strategy: feed it back for more)";
        return $"input window float [batch, {options.Lookback}, {options.Features}], output forecast float [batch, " +
               $"{(direct ? options.Horizon : 1)}, {options.OutputsPerStep}] of {steps}, both in the model's scaled space.";
    }
}
