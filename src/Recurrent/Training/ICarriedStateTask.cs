
namespace Recurrent.Training;

/// <summary>
/// A task that carries state from one training batch to the next, such as a language model's recurrent state across the
/// windows of a text. The trainer saves that state with every checkpoint and gives it back on resume, after
/// <see cref="ITrainingTask{TBatch}.TrainingBatches"/> has started the epoch, so a resumed run continues exactly.
/// </summary>
public interface ICarriedStateTask
{
    /// <summary>The state now, as named tensors (empty when there is none yet).</summary>
    IReadOnlyDictionary<string, Tensor> SaveCarriedState();

    /// <summary>Puts back a state returned by <see cref="SaveCarriedState"/>.</summary>
    void LoadCarriedState(IReadOnlyDictionary<string, Tensor> state);
}
