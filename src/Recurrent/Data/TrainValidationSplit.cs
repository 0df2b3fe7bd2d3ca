namespace Recurrent.Data;

/// <summary>A training part and a validation part of one dataset, both with the parent's label set.</summary>
/// <param name="Train">The training examples.</param>
/// <param name="Validation">The held-out examples.</param>
/// <param name="TrainIndices">Positions in the parent dataset, ascending.</param>
/// <param name="ValidationIndices">Positions in the parent dataset, ascending.</param>
public sealed record TrainValidationSplit(LabelledDataset Train, LabelledDataset Validation, int[] TrainIndices, int[] ValidationIndices);
