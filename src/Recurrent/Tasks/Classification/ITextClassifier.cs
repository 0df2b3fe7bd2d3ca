namespace Recurrent.Tasks.Classification;

/// <summary>
/// A trained classifier of raw texts into classes 0 … C − 1: a network with its vocabulary (<see cref="RecurrentTextClassifier"/>)
/// or a baseline of <c>rnn train classify --baseline</c> (<see cref="TfIdfClassifier"/>, <see cref="MeanVectorClassifier"/>).
/// </summary>
public interface ITextClassifier
{
    /// <summary>C.</summary>
    int ClassCount { get; }

    /// <summary>The network's parameters, or a baseline's linear weights and biases (its features, idf or vectors, not counted).</summary>
    long ParameterCount { get; }

    /// <summary>The most probable class of each text.</summary>
    int[] Predict(IReadOnlyList<string> texts);

    /// <summary>Class probabilities [N, C], row i for texts[i].</summary>
    Tensor PredictProbabilities(IReadOnlyList<string> texts);
}
