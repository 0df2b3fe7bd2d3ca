using System.Text.Json;
using System.Text.Json.Nodes;
using Recurrent.Serialization;
using Recurrent.Tensors;

namespace Recurrent.Tasks.Forecasting;

/// <summary>
/// A trained forecaster as saved in a model directory: the <see cref="ForecastingModel"/> and the preprocessing that turns a
/// series into the windows it reads (transforms and scaling, written by the data side as a JSON object and kept here
/// verbatim). Directory: config.json (task "forecasting", architecture = <see cref="ForecastingModelOptions"/>,
/// preprocessing = that object, training = what the trainer recorded), model.safetensors, and from training metrics.jsonl.
/// A model with a front end (<see cref="IInputFrontEnd"/>) is loaded with a function that rebuilds it.
/// </summary>
public sealed class Forecaster
{
    public const string TaskName = "forecasting";

    /// <param name="network">the trained model.</param>
    /// <param name="preprocessing">the state of the transforms and scaling its windows were made with (copied), or null.</param>
    public Forecaster(ForecastingModel network, JsonObject? preprocessing = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        Network = network;
        Preprocessing = (JsonObject?)preprocessing?.DeepClone() ?? [];
    }

    public ForecastingModel Network { get; }

    /// <summary>The preprocessing state saved with the model (config.json's "preprocessing" section); empty when none was given.</summary>
    public JsonObject Preprocessing { get; }

    /// <summary>Point forecasts [Count, S] of each window (in the windows' scaled space), dropout off.</summary>
    /// <param name="windows">inputs [Count, T, F] prepared with <see cref="Preprocessing"/>.</param>
    /// <param name="steps">S: by default the model's horizon.</param>
    public Tensor Forecast(SeriesWindows windows, int? steps = null) => Network.PredictPoints(windows, steps ?? Network.Options.Horizon);

    /// <summary>Every output [Count, S, Q] of each window: the quantile levels' forecasts of a model trained with quantiles.</summary>
    public Tensor ForecastQuantiles(SeriesWindows windows, int? steps = null) => Network.Predict(windows, steps ?? Network.Options.Horizon);

    /// <summary>Monte-Carlo dropout: the mean and quantiles at <paramref name="levels"/> of <paramref name="passes"/> stochastic forecasts.</summary>
    public ForecastDistribution ForecastWithDropout(SeriesWindows windows, int passes, float[] levels, int? steps = null) =>
        MonteCarloDropout.Predict(Network, windows, passes, levels, steps ?? Network.Options.Horizon);

    /// <summary>Writes config.json and model.safetensors into <paramref name="directory"/>, each atomically.</summary>
    public void Save(string directory, JsonObject? training = null)
    {
        Directory.CreateDirectory(directory);
        var config = new ModelConfig(TaskName);
        var architecture = JsonSerializer.SerializeToNode(Network.Options, ModelConfig.JsonOptions)!.AsObject();
        foreach (var (key, value) in architecture) config.Architecture[key] = value?.DeepClone();
        foreach (var (key, value) in Preprocessing) config.Preprocessing[key] = value?.DeepClone();
        if (training is not null) config["training"] = training.DeepClone();
        ModelDirectory.Save(directory, config, Network);
    }

    /// <summary>Opens a model directory written by <see cref="Save"/>; errors say which file or entry is wrong.</summary>
    /// <param name="directory">the model directory.</param>
    /// <param name="frontEnd">rebuilds the front end of a model that has one (its weights then come from the file), or null.</param>
    public static Forecaster Load(string directory, Func<ForecastingModelOptions, IInputFrontEnd>? frontEnd = null)
    {
        var model = ModelDirectory.Open(directory);
        if (model.Config.Task != TaskName)
            throw new ModelFormatException(model.ConfigPath, $"this is a '{model.Config.Task}' model, not a forecaster");
        var options = model.Config.ReadSection<ForecastingModelOptions>("architecture", o => o.Validate());
        var front = frontEnd?.Invoke(options);
        model.RequireWeightsFor(ForecastingModel.CountParameters(options, front));
        var network = new ForecastingModel(options, new Rng(0), front);
        model.LoadWeights(network);
        network.Eval();
        return new Forecaster(network, model.Config.Preprocessing);
    }
}
