using Recurrent.Layers;
using Recurrent.Tensors;

namespace Recurrent.Training;

/// <summary>
/// What the <see cref="Trainer"/> needs to know of a task (classification, tagging, language modelling …):
/// the model, one epoch's batches, the loss of a batch, and the validation metrics.
/// </summary>
/// <remarks>
/// <para>
/// <b>How a task family plugs in.</b> A task writes only its task; the training library gives it everything else.
/// </para>
/// <list type="number">
/// <item>An options record holding its data and model settings and a <see cref="TrainerOptions"/> (epochs, optimizer,
/// schedule, clipping, early stopping, time limit, directory, resume), validated once, with messages that name the options
/// (<c>TrainerOptions.LearningRate</c>), never command-line flags.</item>
/// <item>An implementation of this interface: the model, its batches in an order drawn from the given <see cref="Rng"/>
/// only (so a resumed run replays the same order), the mean loss of a batch as a scalar <see cref="BatchLoss"/>, and
/// validation metrics named without prefix (<c>loss</c> must be among them for the default monitor,
/// <c>valid_loss</c>). A task that carries state from batch to batch (a language model's stream) also implements
/// <see cref="ICarriedStateTask"/>, and its checkpoints carry that state too.</item>
/// <item>A <c>Run</c> method that calls <see cref="TaskTraining.Run{TRun}"/> with the trainer options and its own steps:
/// read the data, build the model, call <see cref="Trainer.Fit{TBatch}"/> with the trainer options it is given, and return
/// its result with a way to save the model. <see cref="TaskTraining"/> claims the output directory, and commits the model
/// only once it is saved whole.</item>
/// </list>
/// <para>
/// From these, the task gets progress reports (<see cref="ITrainingProgress"/>), checkpoints and an exact resume,
/// validation inside long epochs, time limits and Ctrl-C, learning-rate schedules and plateaus, early stopping with the
/// best weights restored, metrics.jsonl, and a directory that is never left half-written. The command line adds its
/// flags for the new options to its table of option names (<c>OptionFlags</c>).
/// </para>
/// </remarks>
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
