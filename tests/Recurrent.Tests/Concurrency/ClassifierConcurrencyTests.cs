using Recurrent.Recurrence;
using Recurrent.Tasks.Classification;
using Recurrent.Text;

namespace Recurrent.Tests.Concurrency;

/// <summary>
/// One classifier (saved and loaded, recurrent or TF-IDF, or a network still in training mode) used by 8 threads at once:
/// every prediction equals the one a single thread gets, bit for bit. The
/// batches are wide (24 texts: three chains of rows for <see cref="RowChains"/>) and the layers large enough that the
/// products and the recurrence run on the shared worker pool, which the threads then contend for.
/// </summary>
public class ClassifierConcurrencyTests
{
    private const int Threads = 8, Calls = 50, TextsPerCall = 24;

    private static readonly string[] Words =
        ["the", "film", "was", "not", "good", "bad", "great", "plot", "acting", "and", "but", "very", "boring", "fun", "a", "story"];

    /// <summary>Texts of 1 to 24 words drawn from <see cref="Words"/>, the same for every seed.</summary>
    private static List<string> Texts(int seed, int count)
    {
        var rng = new Random(seed);
        return Enumerable.Range(0, count)
            .Select(_ => string.Join(' ', Enumerable.Range(0, rng.Next(1, 25)).Select(_ => Words[rng.Next(Words.Length)])))
            .ToList();
    }

    /// <summary>A randomly initialised network with dropout (which prediction must switch off), in training mode.</summary>
    private static TextClassificationModel Untrained(CellKind cell, Pooling pooling)
    {
        var preprocessing = new TextPreprocessing();
        var vocabulary = Vocabulary.Build(Words, preprocessing.CreateTokenizer());
        var network = new TextClassifier(new TextClassifierOptions
        {
            VocabularySize = vocabulary.Count, ClassCount = 3, EmbeddingDimension = 32, Cell = cell, HiddenSize = 32, NumLayers = 2,
            Bidirectional = true, Pooling = pooling, AttentionSize = 16, DenseLayers = [16], Dropout = 0.5f, EmbeddingDropout = 0.3f,
        }, new Rng(5));
        return TextClassificationModel.FromNetwork(network, vocabulary, preprocessing, ["negative", "neutral", "positive"]);
    }

    /// <summary>The model as <see cref="TextClassificationModel.Load"/> gives it after saving it.</summary>
    private static TextClassificationModel SavedAndLoaded(TextClassificationModel model)
    {
        string directory = Path.Combine(Path.GetTempPath(), "recurrent-concurrency-" + Guid.NewGuid().ToString("N"));
        try
        {
            model.Save(directory);
            return TextClassificationModel.Load(directory);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static double[] Probabilities(IReadOnlyList<Prediction> predictions) =>
        predictions.SelectMany(p => p.Probabilities.Select(l => l.Probability)).ToArray();

    /// <summary>Each of <see cref="Threads"/> threads predicts <see cref="Calls"/> batches of texts, all at once; every
    /// probability must equal the one this thread got alone for the same batch.</summary>
    private static void AssertEveryThreadPredictsAsOneThread(TextClassificationModel model)
    {
        var inputs = Enumerable.Range(0, Calls).Select(i => Texts(i, TextsPerCall)).ToList();
        var expected = inputs.Select(texts => Probabilities(model.Predict(texts))).ToList();

        var results = ConcurrentCalls.Run(Threads, Calls, i => Probabilities(model.Predict(inputs[i])), TimeSpan.FromMinutes(2));

        for (int t = 0; t < Threads; t++)
            for (int i = 0; i < Calls; i++)
                Assert.True(expected[i].AsSpan().SequenceEqual(results[t][i]), $"thread {t}, call {i}: the probabilities differ from a single thread's");
    }

    [Theory]
    [InlineData(CellKind.Lstm, Pooling.Attention)]
    [InlineData(CellKind.Gru, Pooling.Max)]
    [InlineData(CellKind.Elman, Pooling.Mean)]
    [InlineData(CellKind.Jordan, Pooling.Last)]
    public void Predictions_from_eight_threads_on_one_loaded_model_equal_the_single_thread_predictions(CellKind cell, Pooling pooling)
    {
        AssertEveryThreadPredictsAsOneThread(SavedAndLoaded(Untrained(cell, pooling)));
    }

    [Fact]
    public void Predictions_of_a_saved_tfidf_baseline_from_eight_threads_equal_the_single_thread_predictions()
    {
        var training = Texts(7, 200);
        var labels = training.Select(text => text.Split(' ').Count(word => word is "good" or "great" or "fun") % 3).ToList();
        AssertEveryThreadPredictsAsOneThread(
            SavedAndLoaded(TextClassificationModel.FromBaseline(TfIdfClassifier.Fit(training, labels), ["negative", "neutral", "positive"])));
    }

    [Fact]
    public void Predictions_from_eight_threads_on_a_network_in_training_mode_equal_the_single_thread_predictions_and_leave_its_mode()
    {
        var model = Untrained(CellKind.Lstm, Pooling.Max);
        AssertEveryThreadPredictsAsOneThread(model);
        Assert.True(model.Network!.Training, "predicting switched the network out of training mode");
    }

    [Fact]
    public void Attention_weights_are_those_of_the_calling_threads_last_prediction()
    {
        // Many short calls: the race is between one thread's prediction and its reading of the weights.
        const int calls = 200;
        var model = SavedAndLoaded(Untrained(CellKind.Gru, Pooling.Attention));
        var inputs = Enumerable.Range(0, calls).Select(i => Texts(1000 + i, 1)).ToList();
        var expected = inputs.Select(texts =>
        {
            model.Predict(texts);
            return model.Network!.LastAttentionWeights!.Data.Take(texts[0].Split(' ').Length).ToArray();
        }).ToList();

        var results = ConcurrentCalls.Run(Threads, calls, i =>
        {
            model.Predict(inputs[i]);
            return model.Network!.LastAttentionWeights!.Data.Take(inputs[i][0].Split(' ').Length).ToArray();
        }, TimeSpan.FromMinutes(2));

        for (int t = 0; t < Threads; t++)
            for (int i = 0; i < calls; i++)
                Assert.True(expected[i].AsSpan().SequenceEqual(results[t][i]), $"thread {t}, call {i}: the attention weights are another call's");
    }
}
