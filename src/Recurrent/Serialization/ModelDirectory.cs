using Recurrent.Layers;

namespace Recurrent.Serialization;

/// <summary>
/// A saved model: a directory holding <c>config.json</c> (<see cref="ModelConfig"/>), <c>model.safetensors</c>
/// (the state dict) and, appended during training, <c>metrics.jsonl</c> (<see cref="MetricsLog"/>).
/// Build the module from <see cref="Config"/>, then <see cref="LoadWeights"/> into it.
/// </summary>
public sealed class ModelDirectory
{
    public const string ConfigFileName = "config.json";
    public const string WeightsFileName = "model.safetensors";
    public const string MetricsFileName = "metrics.jsonl";

    public string Path { get; }

    public ModelConfig Config { get; }

    public string ConfigPath => System.IO.Path.Combine(Path, ConfigFileName);

    public string WeightsPath => System.IO.Path.Combine(Path, WeightsFileName);

    public string MetricsPath => System.IO.Path.Combine(Path, MetricsFileName);

    private ModelDirectory(string path, ModelConfig config)
    {
        Path = path;
        Config = config;
    }

    /// <summary>
    /// Writes <paramref name="module"/>'s weights and then <paramref name="config"/> into <paramref name="directory"/>
    /// (created if needed), each file atomically; an existing metrics.jsonl is left as it is.
    /// </summary>
    public static ModelDirectory Save(string directory, ModelConfig config, Module module)
    {
        Directory.CreateDirectory(directory);
        var saved = new ModelDirectory(directory, config);
        StateDict.Save(module, saved.WeightsPath);
        config.Save(saved.ConfigPath);
        return saved;
    }

    /// <summary>Opens a model directory and reads its config; the weights are checked when loaded.</summary>
    public static ModelDirectory Open(string directory)
    {
        if (!Directory.Exists(directory))
            throw new DirectoryNotFoundException($"The model directory '{directory}' does not exist. Check the path (a model is the " +
                $"TrainerOptions.Directory of a training run).");
        Training.RunDirectory.FinishInterruptedReplacement(directory);
        string configPath = System.IO.Path.Combine(directory, ConfigFileName);
        if (!File.Exists(configPath))
            throw new FileNotFoundException(
                $"'{directory}' is not a model directory: it has no {ConfigFileName}. A model directory holds " +
                $"{ConfigFileName} and {WeightsFileName}, as written by rnn train (or ModelDirectory.Save).",
                configPath);
        string weightsPath = System.IO.Path.Combine(directory, WeightsFileName);
        if (!File.Exists(weightsPath))
            throw new FileNotFoundException($"The model directory '{directory}' has a {ConfigFileName} but no " +
                $"{WeightsFileName}; the weights were not saved or were removed.", weightsPath);
        return new ModelDirectory(directory, ModelConfig.Load(configPath));
    }

    /// <summary>
    /// Refuses, before a module is built, an architecture that needs more parameters than the weights file holds: a size
    /// damaged in config.json (hidden_size 20,000 for weights of 4) would otherwise allocate gigabytes only to report the
    /// mismatch. Smaller mismatches are left to <see cref="LoadWeights"/>, which lists them tensor by tensor.
    /// </summary>
    public void RequireWeightsFor(long parameters)
    {
        long held;
        using (var weights = SafeTensors.Open(WeightsPath)) held = weights.Entries.Sum(e => (long)e.ElementCount);
        if (parameters > held)
            throw new ModelFormatException(ConfigPath,
                $"the architecture describes a model of {parameters:N0} parameters, but {WeightsFileName} holds {held:N0}; " +
                $"config.json and the weights do not belong together (a size in 'architecture' was changed, or the weights were replaced)");
    }

    /// <summary>Loads model.safetensors into <paramref name="module"/> (see <see cref="StateDict.Load"/>).</summary>
    public StateDictLoadResult LoadWeights(Module module, bool strict = true) => StateDict.Load(module, WeightsPath, strict);

    /// <summary>
    /// The path of a file the config refers to (such as a vocabulary file); it must be a plain file name
    /// inside the directory, so a config cannot point elsewhere on disk.
    /// </summary>
    public string FilePath(string fileName)
    {
        if (string.IsNullOrWhiteSpace(fileName) || fileName != System.IO.Path.GetFileName(fileName) || fileName is "." or "..")
            throw new ModelFormatException(ConfigPath, $"'{fileName}' must be the name of a file in the model directory, without any directory part.");
        string path = System.IO.Path.Combine(Path, fileName);
        if (!File.Exists(path))
            throw new FileNotFoundException($"{ConfigFileName} refers to '{fileName}', which is not in the model directory '{Path}'.", path);
        return path;
    }
}
