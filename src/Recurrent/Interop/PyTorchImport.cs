using Recurrent.Layers;
using Recurrent.Serialization;
using Recurrent.Tasks.Classification;
using Recurrent.Tasks.LanguageModel;
using Recurrent.Tensors;

namespace Recurrent.Interop;

/// <summary>
/// A PyTorch state dict (safetensors, as <c>save_safetensors(model.state_dict(), path)</c> of an exported model.py writes it) back into a
/// Recurrent model directory that evaluate, predict, generate and explain read: the network is built from the exported config.json,
/// every tensor is checked against it by name and shape, and the directory (config.json, the vocabulary beside it, model.safetensors)
/// is written at once (<see cref="StagedDirectory"/>). The <c>module.</c> prefix that DistributedDataParallel and DataParallel put on
/// every name is removed.
/// </summary>
public static class PyTorchImport
{
    /// <summary>What (Distributed)DataParallel's state_dict() puts before each of the wrapped model's names.</summary>
    public const string ParallelPrefix = "module.";

    /// <summary>
    /// Imports <paramref name="stateDictPath"/> with the model described by <paramref name="configPath"/> into <paramref name="outputDirectory"/>.
    /// </summary>
    /// <returns>The task of the model written.</returns>
    /// <exception cref="ModelFormatException">
    /// A tensor is missing, unexpected, mis-shaped or not finite; the message lists each with the shape the model expects.
    /// </exception>
    public static string Import(string stateDictPath, string configPath, string outputDirectory)
    {
        var config = ModelConfig.Load(configPath);
        var network = Network(config, configPath);
        var tensors = WithoutParallelPrefix(StateDict.RequireFinite(stateDictPath, StateDict.Read(stateDictPath)));
        var parameters = network.NamedParameters().ToList();
        RequireMatching(stateDictPath, configPath, parameters.Select(p => (p.Name, p.Parameter.Shape)).ToList(), tensors);

        string configDirectory = Path.GetDirectoryName(Path.GetFullPath(configPath))!;
        string vocabularyFile = config.FileName("vocabulary", "vocab.txt");
        string vocabularyPath = Path.Combine(configDirectory, vocabularyFile);
        if (!File.Exists(vocabularyPath))
            throw new FileNotFoundException($"{configPath} names the vocabulary '{vocabularyFile}', which is not beside it in {configDirectory}; " +
                "keep the files rnn export --pytorch wrote together.", vocabularyPath);

        using var staged = new StagedDirectory(outputDirectory);
        File.Copy(configPath, staged.PathOf(ModelDirectory.ConfigFileName));
        File.Copy(vocabularyPath, staged.PathOf(vocabularyFile));
        SafeTensors.Save(staged.PathOf(ModelDirectory.WeightsFileName),
            parameters.Select(p => KeyValuePair.Create(p.Name, tensors[p.Name])), new Dictionary<string, string> { ["format"] = "pt" });
        LoadAsSaved(config.Task, staged.Root);
        staged.Commit();
        return config.Task;
    }

    /// <summary>
    /// Every name in <paramref name="expected"/> present in <paramref name="tensors"/> with its shape, and nothing else; otherwise one
    /// <see cref="ModelFormatException"/> on the state dict that lists every missing, unexpected and mis-shaped tensor.
    /// </summary>
    public static void RequireMatching(string stateDictPath, string configPath, IReadOnlyList<(string Name, int[] Shape)> expected,
        IReadOnlyDictionary<string, Tensor> tensors)
    {
        var names = expected.Select(p => p.Name).ToHashSet();
        var problems = new List<string>();
        foreach (var (name, shape) in expected)
            if (!tensors.TryGetValue(name, out var tensor))
                problems.Add($"missing {name}: the model expects {Tensor.ShapeText(shape)}");
            else if (!tensor.Shape.AsSpan().SequenceEqual(shape))
                problems.Add($"{name} is {Tensor.ShapeText(tensor.Shape)}: the model expects {Tensor.ShapeText(shape)}");
        problems.AddRange(tensors.Where(t => !names.Contains(t.Key))
            .Select(t => $"unexpected {t.Key} {Tensor.ShapeText(t.Value.Shape)}: the model has no such parameter"));
        if (problems.Count > 0)
            throw new ModelFormatException(stateDictPath,
                $"the state dict does not fit the model {configPath} describes (was it trained from the model.py exported with it?):" +
                    Environment.NewLine + string.Join(Environment.NewLine, problems.Select(p => "  " + p)));
    }

    /// <summary>The names without the <see cref="ParallelPrefix"/> when every name has it; otherwise as they are.</summary>
    public static IReadOnlyDictionary<string, Tensor> WithoutParallelPrefix(IReadOnlyDictionary<string, Tensor> tensors) =>
        tensors.Count > 0 && tensors.Keys.All(name => name.StartsWith(ParallelPrefix, StringComparison.Ordinal))
            ? tensors.ToDictionary(t => t.Key[ParallelPrefix.Length..], t => t.Value)
            : tensors;

    /// <summary>A network of the config's task and architecture, its weights to be replaced.</summary>
    private static Module Network(ModelConfig config, string configPath)
    {
        switch (config.Task)
        {
            case TextClassificationModel.TaskName:
                if (config.Architecture["kind"]?.GetValue<string>() is { } kind && kind != RecurrentEngine.KindName)
                    throw new ModelFormatException(configPath, $"this is a {kind} baseline, not a recurrent network; {PyTorchExport.Exportable}");
                var classifier = config.ReadSection<TextClassifierOptions>("architecture", o => o.Validate());
                PyTorchExport.RequireConcatenatedDirections(configPath, classifier.Bidirectional, classifier.Merge);
                return new TextClassifier(classifier, new Rng(0));
            case TrainedLanguageModel.TaskName:
                return new RecurrentLanguageModel(config.ReadSection<LanguageModelOptions>("architecture", o => o.Validate()), new Rng(0));
            default:
                throw new ModelFormatException(configPath, $"this is a '{config.Task}' model; {PyTorchExport.Exportable}");
        }
    }

    /// <summary>Opens the written directory as evaluate, predict and generate will, so a directory they cannot read is never committed.</summary>
    private static void LoadAsSaved(string task, string directory)
    {
        if (task == TextClassificationModel.TaskName) TextClassificationModel.Load(directory);
        else TrainedLanguageModel.Load(directory);
    }
}
