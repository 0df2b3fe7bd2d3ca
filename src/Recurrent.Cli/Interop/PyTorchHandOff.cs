using Recurrent.Interop;
using Recurrent.Tasks.Classification;

namespace Recurrent.Cli.Interop;

/// <summary>
/// The PyTorch hand-off both ways: <c>rnn export DIR --pytorch OUTDIR</c> (<see cref="PyTorchExport"/>) and
/// <c>rnn import --pytorch state.safetensors --config config.json --out DIR</c> (<see cref="PyTorchImport"/>), each printing one line
/// that says what was written and what to do with it.
/// </summary>
internal static class PyTorchHandOff
{
    public static int Export(string modelDirectory, string outputDirectory, string? onnxFile)
    {
        if (onnxFile is not null)
            throw new UsageException("--pytorch: give --onnx FILE or --pytorch OUTDIR, not both; run rnn export once for each.");
        RequireNewDirectory(outputDirectory, "--pytorch");
        IReadOnlyList<string> files;
        try
        {
            files = PyTorchExport.Write(modelDirectory, outputDirectory);
        }
        catch (PyTorchExportException e)
        {
            throw new UsageException($"--pytorch: {e.Message}");
        }
        Console.WriteLine($"Wrote {outputDirectory}: {string.Join(", ", files)}; run python3 {Path.Combine(outputDirectory, PyTorchExport.LoadFile)} " +
                          "(needs torch) for an example.");
        return 0;
    }

    public static int Import(string stateDict, string? configPath, string? outputDirectory)
    {
        if (string.IsNullOrWhiteSpace(configPath))
            throw new UsageException("--config FILE is required with --pytorch: the config.json that rnn export --pytorch wrote beside model.py.");
        if (string.IsNullOrWhiteSpace(outputDirectory))
            throw new UsageException("--out DIR is required with --pytorch: the new model directory to write.");
        RequireNewDirectory(outputDirectory, "--out");
        string task;
        try
        {
            task = PyTorchImport.Import(stateDict, configPath, outputDirectory);
        }
        catch (PyTorchExportException e)
        {
            throw new UsageException($"--config: {e.Message}");
        }
        var (model, commands) = task == TextClassificationModel.TaskName
            ? ("text classifier", "rnn predict, evaluate and explain")
            : ("language model", "rnn generate and evaluate");
        Console.WriteLine($"Wrote {outputDirectory}: a {model} built as {configPath} describes, with the weights of {stateDict}; use it with {commands}.");
        return 0;
    }

    /// <summary>A path where a directory can be made (<see cref="OutputDirectoryRules"/>) that does not hold anything yet.</summary>
    private static void RequireNewDirectory(string directory, string optionName)
    {
        OutputDirectoryRules.Check(directory, optionName);
        if (Directory.Exists(directory) && Directory.EnumerateFileSystemEntries(directory).Any())
            throw new UsageException($"{optionName}: '{directory}' already exists and is not empty; give a new directory or remove it first.");
    }
}
