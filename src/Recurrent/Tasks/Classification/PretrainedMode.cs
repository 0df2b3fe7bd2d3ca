namespace Recurrent.Tasks.Classification;

/// <summary>What pretrained word vectors become in a <see cref="TextClassifier"/>.</summary>
public enum PretrainedMode
{
    /// <summary>
    /// They initialise the one embedding table, of their dimension, which is fine-tuned unless <see
    /// cref="TextClassifierOptions.FreezeEmbeddings"/>.
    /// </summary>
    Init,

    /// <summary>
    /// A frozen table of the vectors [V, <see cref="TextClassifierOptions.PretrainedDimension"/>] is joined with a trainable table
    /// [V, <see cref="TextClassifierOptions.EmbeddingDimension"/>]: every token reads [pretrained | trainable]. The pretrained part keeps
    /// the geometry the vectors share with words that training never sees; the trainable part learns what the task needs.
    /// </summary>
    Concat,
}
