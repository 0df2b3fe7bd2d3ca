namespace Recurrent.Tasks.Classification;

/// <summary>A trained classifier of raw texts into classes 0 … C − 1 (the baselines of <c>rnn train classify --baseline</c>).</summary>
public interface ITextClassifier
{
    /// <summary>C.</summary>
    int ClassCount { get; }

    /// <summary>The most probable class of each text.</summary>
    int[] Predict(IReadOnlyList<string> texts);

    /// <summary>Class probabilities [N, C], row i for texts[i].</summary>
    Tensor PredictProbabilities(IReadOnlyList<string> texts);
}
