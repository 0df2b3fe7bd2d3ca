using Recurrent.Autograd;

namespace Recurrent.Training;

/// <summary>Builds an optimizer from the name the command line uses.</summary>
public static class OptimizerFactory
{
    /// <summary>The names <see cref="Create"/> accepts.</summary>
    public static IReadOnlyList<string> Names { get; } = ["sgd", "adam", "adamw", "rmsprop", "adagrad"];

    /// <summary>
    /// The optimizer called <paramref name="name"/> (case-insensitive) over <paramref name="parameters"/> with PyTorch's defaults
    /// except the learning rate, and the weight decay when <paramref name="weightDecay"/> is given
    /// (L2 penalty for all but AdamW, whose decay is decoupled and defaults to 0.01).
    /// </summary>
    public static Optimizer Create(string name, IEnumerable<Variable> parameters, float learningRate, float? weightDecay = null) =>
        name.Trim().ToLowerInvariant() switch
        {
            "sgd" => new Sgd(parameters, new SgdOptions { LearningRate = learningRate, WeightDecay = weightDecay ?? 0f }),
            "adam" => new Adam(parameters, new AdamOptions { LearningRate = learningRate, WeightDecay = weightDecay ?? 0f }),
            "adamw" => new AdamW(parameters, weightDecay is { } decay
                ? new AdamWOptions { LearningRate = learningRate, WeightDecay = decay }
                : new AdamWOptions { LearningRate = learningRate }),
            "rmsprop" => new RmsProp(parameters, new RmsPropOptions { LearningRate = learningRate, WeightDecay = weightDecay ?? 0f }),
            "adagrad" => new Adagrad(parameters, new AdagradOptions { LearningRate = learningRate, WeightDecay = weightDecay ?? 0f }),
            _ => throw new ArgumentException($"Unknown optimizer '{name}'. Valid names are: {string.Join(", ", Names)}."),
        };
}
