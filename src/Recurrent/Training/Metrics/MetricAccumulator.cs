namespace Recurrent.Training.Metrics;

/// <summary>
/// Running mean of a per-example quantity such as the loss over an epoch: add each batch's mean with the batch size as its weight,
/// so the result is the mean over examples however the last batch is cut.
/// </summary>
public sealed class MetricAccumulator
{
    /// <summary>Σ value · weight.</summary>
    public double Sum { get; private set; }

    /// <summary>Σ weight: the number of examples added.</summary>
    public long Count { get; private set; }

    /// <summary>Adds <paramref name="value"/>, the mean over <paramref name="weight"/> examples.</summary>
    public void Add(double value, int weight = 1)
    {
        if (weight <= 0) throw new ArgumentOutOfRangeException(nameof(weight), $"The weight of a value must be positive, got {weight}.");
        Sum += value * weight;
        Count += weight;
    }

    /// <summary>Sum / Count.</summary>
    public double Mean =>
        Count > 0 ? Sum / Count : throw new InvalidOperationException("The mean of a MetricAccumulator is undefined until a value has been added.");

    public void Reset()
    {
        Sum = 0;
        Count = 0;
    }
}
