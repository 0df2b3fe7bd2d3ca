namespace Recurrent.Training;

/// <summary>Learning-rate schedule applied after every optimizer step.</summary>
public enum ScheduleKind
{
    Constant,
    /// <summary>Multiplies the rate by <see cref="TrainerOptions.StepGamma"/> every <see cref="TrainerOptions.StepSize"/> steps.</summary>
    Step,
    /// <summary>
    /// Linear warm-up, then cosine decay to <see cref="TrainerOptions.MinLearningRate"/> at the last step, or at the
    /// <see cref="TrainerOptions.TimeLimit"/> of the run if that comes first (a resumed run anneals again over its own limit).
    /// </summary>
    Cosine,
}
