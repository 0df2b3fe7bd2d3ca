using System.CommandLine;
using Recurrent.Onnx;
using Recurrent.Onnx.Classification;
using Recurrent.Onnx.Graph;
using Recurrent.Serialization;
using Recurrent.Tasks.Classification;

namespace Recurrent.Cli.Interop;

/// <summary>
/// <c>rnn export DIR --onnx FILE</c>: a saved recurrent text classifier as an ONNX model (<see cref="ClassifierExport"/>),
/// written atomically, for ONNX Runtime and other engines. Other tasks' models and the baselines are refused with a line
/// saying what can be exported today. <c>rnn export DIR --pytorch OUTDIR</c>: the model as a PyTorch module (<see cref="PyTorchHandOff"/>).
/// </summary>
internal static class ExportCommand
{
    /// <summary>What <c>--onnx</c> can export so far, for the refusals.</summary>
    private const string Exportable = "rnn export --onnx exports recurrent text classifiers (rnn train classify) so far";

    public static Command Create()
    {
        var directory = new Argument<string>("DIR") { Description = "A model directory written by rnn train classify." };
        var onnx = new Option<string>("--onnx")
        {
            Description = "Write the model as ONNX to this file: inputs tokens int64 [batch, time] and lengths int64 [batch], " +
                          "output probabilities float [batch, classes] in config.json's label order.",
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
}
