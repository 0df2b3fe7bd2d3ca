using Recurrent.Recurrence;
using Recurrent.Tasks.LanguageModel;
using Recurrent.Text;

namespace Recurrent.Tests.LanguageModel;

/// <summary>Small language models and texts for the tests.</summary>
internal static class LanguageModelFixture
{
    public const string Text =
        "First Citizen:\nBefore we proceed any further, hear me speak.\n\nAll:\nSpeak, speak.\n\n" +
        "First Citizen:\nYou are all resolved rather to die than to famish?\n\nAll:\nResolved. resolved.\n";

    public static RecurrentLanguageModel Model(CellKind cell = CellKind.Lstm, int vocabulary = 11, bool tied = false, int layers = 2, ulong seed = 3) =>
        new(new LanguageModelOptions
        {
            Cell = cell, VocabularySize = vocabulary, EmbeddingDimension = tied ? 12 : 6, HiddenSize = 12, NumLayers = layers, TieWeights = tied,
        }, new Rng(seed));

    public static int[] RandomTokens(int count, int vocabulary, ulong seed = 1)
    {
        var rng = new Rng(seed);
        return Enumerable.Range(0, count).Select(_ => rng.NextInt(vocabulary)).ToArray();
    }

    /// <summary>A character model over <see cref="Text"/>'s characters, untrained.</summary>
    public static TrainedLanguageModel CharacterModel(ulong seed = 3)
    {
        var tokenizer = new LanguageModelTokenizer(TokenLevel.Character);
        var vocabulary = Vocabulary.Build([tokenizer.Tokenize(Text)]);
        return new TrainedLanguageModel(Model(vocabulary: vocabulary.Count, seed: seed), vocabulary);
    }

    public static string TemporaryDirectory() => Path.Combine(Path.GetTempPath(), "recurrent-lm-" + Guid.NewGuid().ToString("N"));
}
