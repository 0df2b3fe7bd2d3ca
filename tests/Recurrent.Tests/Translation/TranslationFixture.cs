using Recurrent.Tests.EndToEnd;

namespace Recurrent.Tests.Translation;

/// <summary>The translation fixtures (Translation/Fixtures, copied to the test output) and the shared Tatoeba training file.</summary>
internal static class TranslationFixture
{
    /// <summary>39 real lines of the English–German data (see Fixtures/README.md).</summary>
    public static string Sample => Path.Combine(AppContext.BaseDirectory, "Translation", "Fixtures", "deu_eng_sample.tsv");

    /// <summary>248 short English–German pairs, every 80th line of the shared Tatoeba file (see Fixtures/README.md).</summary>
    public static string PhraseBook => Path.Combine(AppContext.BaseDirectory, "Translation", "Fixtures", "phrase_book.tsv");

    /// <summary>../shared/data/translation_eng_deu/deu_eng_train.txt; only for tests marked <see cref="SharedDataFactAttribute"/>.</summary>
    public static string SharedTrain => Path.Combine(RnnProcess.SharedData!, "translation_eng_deu", "deu_eng_train.txt");
}
