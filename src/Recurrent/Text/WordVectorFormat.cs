namespace Recurrent.Text;

/// <summary>The text formats <see cref="PretrainedVectors"/> reads.</summary>
public enum WordVectorFormat
{
    /// <summary>GloVe: <c>word v1 … vD</c> on every line, no header.</summary>
    GloVe,

    /// <summary>word2vec text (<c>-binary 0</c>, gensim <c>binary=False</c>): a first line <c>count dim</c>, then GloVe-like lines.</summary>
    Word2VecText,
}
