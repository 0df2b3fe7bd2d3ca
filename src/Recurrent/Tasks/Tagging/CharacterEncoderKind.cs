namespace Recurrent.Tasks.Tagging;

/// <summary>How a tagger turns the characters of a word into a fixed-size vector.</summary>
public enum CharacterEncoderKind
{
    /// <summary>A convolution over the character embeddings, max-pooled over the word's characters (Ma and Hovy 2016);
    /// see <see cref="CharacterCnnEncoder"/>.</summary>
    Cnn,

    /// <summary>A bidirectional LSTM over the character embeddings, its two final states joined (Lample et al. 2016);
    /// see <see cref="CharacterLstmEncoder"/>.</summary>
    Lstm,
}
