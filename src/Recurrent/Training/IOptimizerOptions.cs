namespace Recurrent.Training;

/// <summary>What every optimizer's options record has: the initial learning rate and a check of all its values.</summary>
public interface IOptimizerOptions
{
    float LearningRate { get; }

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first option with a bad value.</summary>
    void Validate();
}
