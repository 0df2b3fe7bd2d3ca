namespace Recurrent.Training;

/// <summary>Training produced a NaN or infinite loss; the message says whether a checkpoint is there to resume from.</summary>
public sealed class TrainingDivergedException(string message) : Exception(message);
