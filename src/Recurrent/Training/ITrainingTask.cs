using Recurrent.Layers;
using Recurrent.Tensors;

namespace Recurrent.Training;

/// <summary>
/// What the <see cref="Trainer"/> needs to know of a task (classification, tagging, language modelling …):
/// the model, one epoch's batches, the loss of a batch, and the validation metrics.
/// </summary>
public interface ITrainingTask<TBatch>
{
    Module Model { get; }

    /// <summary>One epoch of training batches in training order; the same <paramref name="shuffle"/> state gives the same list.</summary>
    IReadOnlyList<TBatch> TrainingBatches(Rng shuffle);

    /// <summary>The mean loss of <paramref name="batch"/> as a scalar; called with a tape open and the model in training mode.</summary>
    BatchLoss Loss(TBatch batch);

    /// <summary>True when <see cref="Validate"/> has held-out data to measure.</summary>
    bool HasValidation { get; }

    /// <summary>
    /// Metrics on held-out data with the model in evaluation mode and no tape, named without prefix
    /// (<c>loss</c>, <c>accuracy</c>, <c>macro_f1</c>); empty when the task has no validation data.
    /// </summary>
    IReadOnlyDictionary<string, double> Validate();
}
