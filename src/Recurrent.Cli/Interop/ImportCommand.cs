using System.CommandLine;
using System.Text.Json;
using Onnx;
using Recurrent.Onnx.Import;
using Recurrent.Recurrence;
using Recurrent.Serialization;

namespace Recurrent.Cli.Interop;

/// <summary>
/// <c>rnn import --onnx FILE --out DIR [--input-tensors DIR] [--trace-spec FILE]</c>: a graph of ONNX LSTM, GRU and RNN nodes
/// (<see cref="RecurrentNodeImport"/>) as a recurrent-layer model directory (<see cref="RecurrentLayerModel"/>) that
/// <c>rnn summary</c> reads, and optionally a trace spec that <c>rnn trace</c> steps through. Prints what was imported.
/// <c>rnn import --pytorch state.safetensors --config config.json --out DIR</c>: a state dict trained in PyTorch from an exported
/// model.py becomes a Recurrent model directory (<see cref="PyTorchHandOff.Import"/>).
/// </summary>
internal static class ImportCommand
{
    public static Command Create()
    {
        var onnx = new Option<string>("--onnx")
        {
            Description = "The ONNX model to import: one or more LSTM, GRU or RNN nodes, each reading the one before (see docs/interop.md).",
            HelpName = "FILE",
        };
        var pytorch = new Option<string>("--pytorch")
        {
            Description = "A PyTorch state dict as safetensors, of a model built from the model.py that rnn export --pytorch wrote " +
                          "(a 'module.' prefix from DistributedDataParallel is removed).",
            HelpName = "FILE",
        };
        var config = new Option<string>("--config")
        {
            Description = "With --pytorch: the config.json that rnn export --pytorch wrote (its vocabulary beside it).", HelpName = "FILE",
        };
        var output = new Option<string>("--out") { Description = "The model directory to write; it must not exist or be empty.", HelpName = "DIR" };
        var inputTensors = new Option<string>("--input-tensors")
        {
            Description = "With --onnx: a folder of ONNX TensorProto files (*.pb, as in ONNX's backend tests) holding graph inputs by " +
                          "name: weights (W, R, B) passed as inputs, and X, sequence_lens, initial_h, initial_c for the trace spec.",
            HelpName = "DIR",
        };
        var traceSpec = new Option<string>("--trace-spec")
        {
            Description = "With --onnx: also write a trace spec of the imported layer, for rnn trace --spec FILE.",
            HelpName = "FILE",
        };
        var command = new Command("import", "Bring a model from another engine back: ONNX LSTM, GRU and RNN nodes as a recurrent layer, or a " +
                                            "PyTorch state dict of an exported model.py as a model directory.\n" +
                                            "Example: rnn import --onnx lstm.onnx --out models/lstm")
        {
            onnx, pytorch, config, output, inputTensors, traceSpec,
        };
        command.SetAction(parse => CommandErrors.Run(() =>
        {
            string? onnxFile = parse.GetValue(onnx), stateDict = parse.GetValue(pytorch);
            if (onnxFile is not null && stateDict is not null)
                throw new UsageException("--onnx and --pytorch import different things; give one of them.");
            if (stateDict is not null)
            {
                if (parse.GetValue(inputTensors) is not null || parse.GetValue(traceSpec) is not null)
                    throw new UsageException("--input-tensors and --trace-spec go with --onnx; remove them for --pytorch.");
                return PyTorchHandOff.Import(stateDict, parse.GetValue(config), parse.GetValue(output));
            }
            if (parse.GetValue(config) is not null)
                throw new UsageException("--config goes with --pytorch (the config.json that rnn export --pytorch wrote); remove it for --onnx.");
            return Run(onnxFile, parse.GetValue(output), parse.GetValue(inputTensors), parse.GetValue(traceSpec));
        }));
        return command;
    }

    private static int Run(string? onnxFile, string? outDirectory, string? inputTensorsDirectory, string? traceSpecFile)
    {
        if (string.IsNullOrWhiteSpace(onnxFile))
            throw new UsageException("--onnx FILE or --pytorch FILE is required: say what to import, as in rnn import --onnx model.onnx --out DIR.");
        if (string.IsNullOrWhiteSpace(outDirectory))
            throw new UsageException("--out DIR is required: say where to write the imported model, as in rnn import --onnx model.onnx --out DIR.");
        OutputDirectoryRules.Check(outDirectory, "--out");
        if (File.Exists(Path.Combine(outDirectory, ModelDirectory.ConfigFileName)))
            throw new UsageException($"--out: '{outDirectory}' already holds a model; give a new directory.");
        if (!File.Exists(onnxFile))
            throw new UsageException($"--onnx: '{onnxFile}' does not exist; give the path of an ONNX model file.");
        var inputs = inputTensorsDirectory is null ? new Dictionary<string, TensorProto>() : ReadTensors(inputTensorsDirectory);

        ImportedRecurrentLayer imported;
        ImportedRecurrentLayer.LayerInputs? layerInputs;
        try
        {
            imported = RecurrentNodeImport.Import(RecurrentNodeImport.ReadModel(onnxFile), inputs, Path.GetFileName(onnxFile));
            layerInputs = traceSpecFile is not null && inputs.ContainsKey(imported.Input) ? imported.Inputs(inputs) : null;
        }
        catch (OnnxImportException e)
        {
            throw new UsageException($"--onnx: {e.Message}");
        }
        var spec = traceSpecFile is null ? null : ImportedTraceSpec.Build(imported, layerInputs, onnxFile);

        imported.Model.Save(outDirectory);
        if (spec is not null) AtomicFile.WriteAllText(traceSpecFile!, spec.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
        Describe(imported, onnxFile);
        Console.WriteLine($"Wrote {outDirectory} (config.json, model.safetensors): rnn summary {outDirectory} describes it.");
        if (traceSpecFile is not null) Console.WriteLine($"Wrote {traceSpecFile}: rnn trace --spec {traceSpecFile} steps through it gate by gate.");
        return 0;
    }

    /// <summary>Every *.pb file of <paramref name="directory"/> as a named tensor.</summary>
    private static Dictionary<string, TensorProto> ReadTensors(string directory)
    {
        if (!Directory.Exists(directory))
            throw new UsageException($"--input-tensors: '{directory}' is not a directory; give a folder of TensorProto files (*.pb).");
        var tensors = new Dictionary<string, TensorProto>();
        foreach (string file in Directory.GetFiles(directory, "*.pb").Order(StringComparer.Ordinal))
        {
            TensorProto tensor;
            try
            {
                tensor = RecurrentNodeImport.ReadTensor(file);
            }
            catch (OnnxImportException e)
            {
                throw new UsageException($"--input-tensors: {e.Message}");
            }
            if (tensor.Name.Length == 0)
                throw new UsageException($"--input-tensors: {file} holds a tensor without a name; the importer matches tensors to graph inputs by name.");
            tensors[tensor.Name] = tensor;
        }
        if (tensors.Count == 0)
            throw new UsageException($"--input-tensors: '{directory}' holds no *.pb file; give a folder of TensorProto files.");
        return tensors;
    }

    private static void Describe(ImportedRecurrentLayer imported, string onnxFile)
    {
        var options = imported.Model.Layer.Options;
        var nodes = imported.Nodes;
        string direction = imported.Model.ReadsReversed ? "reverse (reads each sequence from its end)" : nodes[0].Direction;
        Console.WriteLine($"Imported {onnxFile}: {nodes.Count} {nodes[0].Operator} node{(nodes.Count == 1 ? "" : "s")} as a recurrent layer");
        var rows = new List<(string, string)>
        {
            ("cell", CellNames.Of(options.Cell) + (options.Cell == CellKind.Elman ? $" ({options.Nonlinearity.ToString().ToLowerInvariant()})" : "")),
            ("layers", $"{options.NumLayers} ({string.Join(", ", nodes.Select(n => $"'{n.Name}'"))})"),
            ("direction", direction),
            ("input size", options.InputSize.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ("hidden size", options.HiddenSize.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ("layout", options.BatchFirst ? "batch-major (layout 1)" : "time-major (layout 0)"),
        };
        if (options.Bidirectional) rows.Add(("merge", options.Merge.ToString().ToLowerInvariant()));
        rows.Add(("parameters", imported.Model.Layer.ParameterCount().ToString("N0", System.Globalization.CultureInfo.InvariantCulture)));
        rows.Add(("outputs", string.Join(", ", imported.Outputs.Select(o => $"{o.Name} ({Describe(o)})"))));
        foreach (var (key, value) in rows) Console.WriteLine($"  {key,-12}{value}");
    }

    private static string Describe(ImportedOutput output) => output.Kind switch
    {
        ImportedOutputKind.Sequence => "the output sequence, directions apart",
        ImportedOutputKind.Merged => "the output sequence, directions merged",
        ImportedOutputKind.FinalHidden => $"final hidden state of layer {output.Layer}",
        _ => $"final cell state of layer {output.Layer}",
    };
}
