namespace Recurrent.Tasks.Classification;

/// <summary>Which tokens get a row in a network's vocabulary when there are pretrained vectors.</summary>
public enum PretrainedVocabulary
{
    /// <summary>The tokens of the training texts only: a word met first at test time is &lt;unk&gt;, whether or not it has a vector.</summary>
    Train,

    /// <summary>
    /// The training tokens, then every word of the vector file they lack (in file order, up to the vocabulary limit) that the
    /// tokenizer can produce as one token: a word training never saw still reads as its pretrained vector.
    /// </summary>
    All,
}
