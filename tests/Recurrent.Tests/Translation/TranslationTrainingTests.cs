using Recurrent.Tasks.Translation;
using Recurrent.Training;

namespace Recurrent.Tests.Translation;

public sealed class TranslationTrainingTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("recurrent-translation-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private string Write(string name, params string[] lines)
    {
        string path = Path.Combine(folder, name);
        File.WriteAllLines(path, lines);
        return path;
    }

    private static readonly string[] Pairs =
    [
        "Hello world.\tHallo Welt.", "Good morning.\tGuten Morgen.", "Good night.\tGute Nacht.", "Hello.\tHallo.",
        "Thank you.\tDanke.", "Good day.\tGuten Tag.", "I am hungry.\tIch habe Hunger.", "I am tired.\tIch bin müde.",
    ];

    [Fact]
    public void A_small_phrase_book_is_learned_saved_loaded_and_translated_with_attention_over_the_source_words()
    {
        string data = Write("pairs.tsv", Pairs);
        string directory = Path.Combine(folder, "model");
        var run = TranslationTraining.Run(new TranslationTrainingOptions
        {
            DataPath = data, ValidationPath = data, BatchSize = 4,
            Model = new TranslationModelOptions { EmbeddingDimension = 16, HiddenSize = 16 },
            Trainer = new TrainerOptions { Epochs = 60, LearningRate = 0.02f, ClipNorm = 1f, Directory = directory },
        });
        Assert.Equal(8, run.TrainPairs);
        Assert.Equal(100, run.Validation!.Scores!.Bleu.Score, 3);
        Assert.Equal(1, run.Validation.Scores.ExactMatch);

        var loaded = Translator.Load(directory);
        var translations = loaded.Translate(["Hello world.", "I am tired."], new TranslationSearchOptions { BeamWidth = 3 });
        Assert.Equal("hallo welt.", translations[0].Text);
        Assert.Equal("ich bin müde.", translations[1].Text);
        Assert.Equal(["hello", "world", "."], translations[0].SourceTokens);
        Assert.Equal(translations[0].Tokens.Count + 1, translations[0].Attention.Length);
        Assert.All(translations[0].Attention, row => Assert.Equal(3, row.Length));
        Assert.True(File.Exists(Path.Combine(directory, TranslationTraining.ValidationFile)));
        Assert.Equal(60, File.ReadAllLines(Path.Combine(directory, "metrics.jsonl")).Length);

        var evaluation = loaded.Evaluate(ParallelTextReader.Read(data).Pairs);
        Assert.Equal(100, evaluation.Scores!.Bleu.Score, 3);
        Assert.True(evaluation.Accuracy > 0.99, $"token accuracy {evaluation.Accuracy}");
    }
}
