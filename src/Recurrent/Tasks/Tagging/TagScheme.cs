namespace Recurrent.Tasks.Tagging;

/// <summary>
/// How per-token tags mark the spans of entities (<c>PER</c>, <c>LOC</c> …) in a sentence. Every scheme says the same
/// spans; the schemes differ in which token of a span carries which prefix.
/// </summary>
public enum TagScheme
{
    /// <summary>
    /// CoNLL-2003's original scheme: tokens inside an entity are <c>I-X</c>; <c>B-X</c> only starts an entity that directly
    /// follows another entity of the same type.
    /// </summary>
    Iob1,

    /// <summary>The first token of every entity is <c>B-X</c>, the rest <c>I-X</c> (also called BIO).</summary>
    Iob2,

    /// <summary>
    /// <c>B-X</c> begins, <c>I-X</c> continues and <c>E-X</c> ends an entity of several tokens; a one-token entity is
    /// <c>S-X</c> (also called IOBES).
    /// </summary>
    Bioes,
}
