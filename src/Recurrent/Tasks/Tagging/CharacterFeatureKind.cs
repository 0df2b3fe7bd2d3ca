namespace Recurrent.Tasks.Tagging;

/// <summary>How a tagger reads the characters of each word (Lample et al. 2016; Ma &amp; Hovy 2016).</summary>
public enum CharacterFeatureKind
{
    /// <summary>Words only through their embedding.</summary>
    None,

    /// <summary>A convolution over the characters, max-pooled over the word (Ma &amp; Hovy).</summary>
    Cnn,

    /// <summary>A bidirectional LSTM over the characters, its two final states joined (Lample et al.).</summary>
    Lstm,
}
