using System.Text.Json.Nodes;

namespace Recurrent.Training;

/// <summary>The part of a saved model's "training" entry in config.json that says how the trainer ran, for every task.</summary>
public static class TrainingSummary
{
    /// <summary>
    /// Adds optimizer, learning_rate, clip_norm, epochs_completed, stop_reason, seed and seconds to <paramref name="json"/>,
    /// after what the task has written there (its data and batch sizes).
    /// </summary>
    public static JsonObject AddTrainer(JsonObject json, TrainerOptions trainer, TrainingResult result, ulong seed, TimeSpan elapsed)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(trainer);
        ArgumentNullException.ThrowIfNull(result);
        json["optimizer"] = trainer.Optimizer;
        json["learning_rate"] = trainer.LearningRate;
        json["clip_norm"] = trainer.ClipNorm;
        json["epochs_completed"] = result.History.Count;
        json["stop_reason"] = result.StopReason.ToString();
        json["seed"] = seed;
        json["seconds"] = Math.Round(elapsed.TotalSeconds, 1);
        return json;
    }
}
