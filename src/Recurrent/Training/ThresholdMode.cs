namespace Recurrent.Training;

/// <summary>How <see cref="ReduceLROnPlateauOptions.Threshold"/> measures a significant improvement.</summary>
public enum ThresholdMode
{
    /// <summary>Better than best · (1 ∓ threshold).</summary>
    Relative,

    /// <summary>Better than best ∓ threshold.</summary>
    Absolute,
}
