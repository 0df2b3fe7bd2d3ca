namespace Recurrent.Training;

/// <summary>
/// What every learning-rate schedule shares: the optimizer whose <see cref="Optimizer.LearningRate"/> it sets,
/// and a checkpoint form of its state. Fixed schedules derive from <see cref="LearningRateSchedule"/> and are stepped
/// without arguments; <see cref="ReduceLROnPlateau"/> is stepped with a validation metric.
/// </summary>
public interface ILearningRateSchedule
{
    Optimizer Optimizer { get; }

    ScalarState GetState();

    /// <summary>
    /// Restores a state from <see cref="GetState"/>. A <see cref="LearningRateSchedule"/> also sets the optimizer's learning rate
    /// for its step; the rate <see cref="ReduceLROnPlateau"/> reached is restored with the optimizer's own state.
    /// </summary>
    void LoadState(ScalarState state);
}
