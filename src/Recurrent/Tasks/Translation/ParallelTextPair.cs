using Recurrent.Data;

namespace Recurrent.Tasks.Translation;

/// <summary>A sentence and one translation of it, trimmed and never empty, with the line it was read from.</summary>
/// <param name="Source">The sentence to translate (English in the Tatoeba English–German data).</param>
/// <param name="Target">One translation of it; a sentence with several translations comes as several pairs.</param>
/// <param name="Where">The file and line of the pair; for two aligned files, the source file's.</param>
public sealed record ParallelTextPair(string Source, string Target, SourceLocation Where);
