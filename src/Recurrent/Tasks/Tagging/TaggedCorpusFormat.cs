namespace Recurrent.Tasks.Tagging;

/// <summary>How the lines of a tagged corpus are laid out; in both, one token per line and a blank line between sentences.</summary>
public enum TaggedCorpusFormat
{
    /// <summary>
    /// CoNLL columns (<c>EU NNP I-NP I-ORG</c>): any number of columns separated by tabs or runs of spaces, the token
    /// first, <c>-DOCSTART-</c> lines starting documents.
    /// </summary>
    Conll,

    /// <summary>WNUT-17: two tab-separated columns, the token (which may hold spaces) and its tag.</summary>
    Wnut,
}
