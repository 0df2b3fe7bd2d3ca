namespace Recurrent.Training;

/// <summary>
/// What every task family's training run does around its own steps: it claims <see cref="TrainerOptions.Directory"/> (a
/// <see cref="RunDirectory"/>: locked, guarded, replaced whole), lets the task train with the trainer options aimed at where
/// the run writes (a staging folder while a model is replaced), then saves the model there and commits it. A run that fails
/// or is stopped before the end keeps its checkpoint for <see cref="TrainerOptions.Resume"/> and commits nothing.
/// See <see cref="ITrainingTask{TBatch}"/> for how a task family plugs in.
/// </summary>
public static class TaskTraining
{
    /// <summary>Runs <paramref name="train"/> in the claimed directory and commits the model it saves.</summary>
    /// <param name="trainer">the run's trainer options; with no <see cref="TrainerOptions.Directory"/> nothing is written.</param>
    /// <param name="train">
    /// the task's own steps (read the data, build the model, <see cref="Trainer.Fit{TBatch}"/>, score it), given the trainer
    /// options to fit with; it returns its result and how to save the model into a directory.
    /// </param>
    public static TRun Run<TRun>(TrainerOptions trainer, Func<TrainerOptions, (TRun Run, Action<string> Save)> train)
    {
        using var output = trainer.Directory is { } claimed ? RunDirectory.Claim(claimed, trainer.DirectoryMode) : null;
        var (run, save) = train(output is null ? trainer : trainer with { Directory = output.WorkingPath });
        output?.SaveAndCommit(save);
        return run;
    }
}
