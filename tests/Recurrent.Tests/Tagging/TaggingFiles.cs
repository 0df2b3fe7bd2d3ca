using Recurrent.Tests.EndToEnd;

namespace Recurrent.Tests.Tagging;

/// <summary>The tagging tests' files: fixtures beside the tests, the toy corpora in data/tagging, and the optional shared sets.</summary>
internal static class TaggingFiles
{
    public static string Fixture(string name) => Path.Combine(RnnProcess.RepositoryRoot, "tests", "Recurrent.Tests", "Tagging", "Fixtures", name);

    public static string Toy(string name) => Path.Combine(RnnProcess.RepositoryRoot, "data", "tagging", name);

    /// <summary>CoNLL-2003 English training data (not openly licensed); null where ../shared/data is absent.</summary>
    public static string? ConllTrain => BundledData.Shared("ner_conll2003", "eng.train");

    /// <summary>WNUT-17 training data; null where ../shared/data is absent.</summary>
    public static string? WnutTrain => BundledData.Shared("ner_wnut17", "wnut17train.conll");

    /// <summary>Writes <paramref name="content"/> to a new temporary file and returns its path.</summary>
    public static string TempFile(string content) => Recurrent.Tests.Data.Fixture.TempFile(content, ".conll");
}
