using Recurrent.Decoding;
using Recurrent.Recurrence;
using Recurrent.Tasks.LanguageModel;
using Recurrent.Tests.LanguageModel;
using Recurrent.Text;

namespace Recurrent.Tests.Concurrency;

/// <summary>
/// One loaded language model generating from 8 threads at once: every text equals the one a single thread gets for the same
/// prime and options (sampling with a fixed seed per call, greedy, beam search).
/// </summary>
public class LanguageModelConcurrencyTests
{
    private const int Threads = 8, Calls = 50;

    private static readonly string[] Primes = ["First Citizen:\n", "All:\n", "Speak", "You are all ", "", "Resolved. "];

    /// <summary>A character model over <see cref="LanguageModelFixture.Text"/> with random weights and dropout, saved and loaded.</summary>
    private static TrainedLanguageModel SavedAndLoaded(CellKind cell, int hiddenSize)
    {
        var tokenizer = new LanguageModelTokenizer(TokenLevel.Character);
        var vocabulary = Vocabulary.Build([tokenizer.Tokenize(LanguageModelFixture.Text)]);
        var network = new RecurrentLanguageModel(new LanguageModelOptions
        {
            Cell = cell, VocabularySize = vocabulary.Count, EmbeddingDimension = 16, HiddenSize = hiddenSize, NumLayers = 2, Dropout = 0.5f,
        }, new Rng(9));
        string directory = LanguageModelFixture.TemporaryDirectory();
        try
        {
            new TrainedLanguageModel(network, vocabulary).Save(directory);
            return TrainedLanguageModel.Load(directory);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static void AssertEveryThreadGetsTheSingleThreadResult(Func<int, string> generate, int calls = Calls)
    {
        var expected = Enumerable.Range(0, calls).Select(generate).ToList();
        var results = ConcurrentCalls.Run(Threads, calls, generate, TimeSpan.FromMinutes(2));
        for (int t = 0; t < Threads; t++)
            for (int i = 0; i < calls; i++)
                Assert.True(expected[i] == results[t][i], $"thread {t}, call {i}: '{results[t][i]}' instead of '{expected[i]}'");
    }

    [Theory]
    [InlineData(CellKind.Lstm)]
    [InlineData(CellKind.Gru)]
    [InlineData(CellKind.Elman)]
    public void Sampled_texts_from_eight_threads_equal_the_single_thread_texts(CellKind cell)
    {
        var model = SavedAndLoaded(cell, hiddenSize: 48);
        AssertEveryThreadGetsTheSingleThreadResult(i => string.Concat(model.Generate(Primes[i % Primes.Length],
            new SamplingOptions { MaxTokens = 40, Seed = (ulong)i, Temperature = 0.8f, TopK = 20, TopP = 0.95f })));
    }

    [Fact]
    public void Greedy_texts_from_eight_threads_equal_the_single_thread_texts()
    {
        var model = SavedAndLoaded(CellKind.Lstm, hiddenSize: 48);
        AssertEveryThreadGetsTheSingleThreadResult(i =>
            string.Concat(model.Generate(Primes[i % Primes.Length] + (char)('a' + i % 26), new SamplingOptions { MaxTokens = 40, Greedy = true })));
    }

    [Fact]
    public void Beam_search_texts_from_eight_threads_equal_the_single_thread_texts()
    {
        var model = SavedAndLoaded(CellKind.Lstm, hiddenSize: 48);
        AssertEveryThreadGetsTheSingleThreadResult(i =>
            model.BeamSearch(Primes[i % Primes.Length] + (char)('a' + i % 26), new BeamSearchOptions { BeamWidth = 4, MaxTokens = 20 }));
    }

    [Fact]
    public void Scores_from_eight_threads_equal_the_single_thread_scores()
    {
        var model = SavedAndLoaded(CellKind.Gru, hiddenSize: 48);
        string text = LanguageModelFixture.Text;
        AssertEveryThreadGetsTheSingleThreadResult(i =>
            model.Evaluate(text[(i % 20)..], streams: 4, windowLength: 16).Loss.ToString("R", System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Generation_with_products_on_the_worker_pool_from_eight_threads_equals_the_single_thread_texts()
    {
        // Hidden 512: each step's W_hhᵀ product (2·512·2048 flops) is large enough to be split on the shared worker pool.
        var model = SavedAndLoaded(CellKind.Lstm, hiddenSize: 512);
        AssertEveryThreadGetsTheSingleThreadResult(i => string.Concat(model.Generate(Primes[i], new SamplingOptions { MaxTokens = 16, Seed = (ulong)i })),
            calls: 4);
    }
}
