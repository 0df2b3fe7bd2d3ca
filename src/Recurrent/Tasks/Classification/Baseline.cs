namespace Recurrent.Tasks.Classification;

/// <summary>The static baselines of the source material, trained instead of a network.</summary>
public enum Baseline
{
    None,
    /// <summary>TF-IDF features (unigrams, scikit-learn's defaults) with a linear classifier.</summary>
    TfIdf,
    /// <summary>The mean of pretrained word vectors with a linear classifier.</summary>
    MeanVectors,
}
