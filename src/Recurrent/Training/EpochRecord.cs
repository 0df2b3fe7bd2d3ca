using System.Globalization;

namespace Recurrent.Training;

/// <summary>The metrics of one finished epoch, by name (epoch, train_loss, valid_loss, valid_accuracy, lr, seconds, tokens_per_s).</summary>
public sealed class EpochRecord
{
    public EpochRecord(IReadOnlyDictionary<string, double> metrics) => Metrics = metrics;

    public IReadOnlyDictionary<string, double> Metrics { get; }

    public int Epoch => (int)Metrics["epoch"];

    public double this[string name] => Metrics[name];

    /// <summary>"epoch 3  train_loss 0.4123  valid_loss 0.4550  valid_accuracy 0.8012  lr 0.001  12.3 s".</summary>
    public string Describe()
    {
        var parts = new List<string>();
        foreach (var (name, value) in Metrics)
        {
            string text = name switch
            {
                "epoch" or "batch" or "step" => ((long)value).ToString(CultureInfo.InvariantCulture),
                "seconds" or "elapsed_s" or "train_s" => value.ToString("F1", CultureInfo.InvariantCulture) + " s",
                "tokens_per_s" => value.ToString("F0", CultureInfo.InvariantCulture),
                "lr" => value.ToString("G4", CultureInfo.InvariantCulture),
                _ => value.ToString("F4", CultureInfo.InvariantCulture),
            };
            parts.Add(name == "seconds" ? text : $"{name} {text}");
        }
        return string.Join("  ", parts);
    }
}
