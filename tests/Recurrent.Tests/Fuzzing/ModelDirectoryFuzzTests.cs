using CsCheck;
using Recurrent.Decoding;
using Recurrent.Tasks.Classification;
using Recurrent.Tasks.LanguageModel;
using Recurrent.Recurrence;
using Recurrent.Text;

namespace Recurrent.Tests.Fuzzing;

/// <summary>
/// Saved models with one file mutated (config.json, the vocabulary or term list, model.safetensors), loaded through
/// the loaders every command uses: a model that predicts finite probabilities or generates text, or a documented error.
/// </summary>
public sealed class ModelDirectoryFuzzTests : IDisposable
{
    private const int Iterations = 700;

    private readonly InputFolder scratch = new("fuzz-model");

    [Fact]
    public void A_recurrent_classifier_with_a_mutated_file_loads_to_finite_probabilities_or_gives_a_model_format_error()
    {
        var vocabulary = Vocabulary.Build([["a", "good", "bad", "movie", "C:\\x"]]);
        var network = new TextClassifier(new TextClassifierOptions
        {
            VocabularySize = vocabulary.Count, ClassCount = 2, EmbeddingDimension = 3, HiddenSize = 3, Bidirectional = true,
            Pooling = Pooling.Attention, AttentionSize = 2, DenseLayers = [2],
        }, new Rng(1));
        TextClassificationModel.FromNetwork(network, vocabulary, new TextPreprocessing(), ["neg", "pos"]).Save(scratch.PathOf("seed"));
        FuzzClassifier("classifier-recurrent", "vocab.txt");
    }

    [Fact]
    public void A_tfidf_classifier_with_a_mutated_file_loads_to_finite_probabilities_or_gives_a_model_format_error()
    {
        var classifier = TfIdfClassifier.Fit(["a good movie", "a bad movie", "good", "bad"], [1, 0, 1, 0]);
        TextClassificationModel.FromBaseline(classifier, ["neg", "pos"]).Save(scratch.PathOf("seed"));
        FuzzClassifier("classifier-tfidf", "terms.txt");
    }

    [Fact]
    public void A_mean_vector_classifier_with_a_mutated_file_loads_to_finite_probabilities_or_gives_a_model_format_error()
    {
        var vectors = new PretrainedVectors(["a", "good", "bad", "movie"], new Tensor([0.1f, 0.2f, 0.3f, 1, 0, 0, -1, 0, 0, 0, 1, 0.5f], 4, 3));
        var classifier = MeanVectorClassifier.Fit(["a good movie", "a bad movie", "good", "bad"], [1, 0, 1, 0], vectors);
        TextClassificationModel.FromBaseline(classifier, ["neg", "pos"]).Save(scratch.PathOf("seed"));
        FuzzClassifier("classifier-mean-vectors", "words.txt");
    }

    [Fact]
    public void A_language_model_with_a_mutated_file_loads_and_generates_or_gives_a_model_format_error()
    {
        var tokenizer = new LanguageModelTokenizer(TokenLevel.Character);
        var vocabulary = Vocabulary.Build([tokenizer.Tokenize("to be or not\n\t\\")]);
        var network = new RecurrentLanguageModel(new LanguageModelOptions
        {
            Cell = CellKind.Gru, VocabularySize = vocabulary.Count, EmbeddingDimension = 3, HiddenSize = 3, NumLayers = 2,
        }, new Rng(1));
        new TrainedLanguageModel(network, vocabulary).Save(scratch.PathOf("seed"));
        Fuzz("language-model", "vocab.txt", directory =>
        {
            var model = TrainedLanguageModel.Load(directory);
            Assert.Equal(model.Vocabulary.Count, model.Network.Options.VocabularySize);
            string text = string.Concat(model.Generate("to", new SamplingOptions { MaxTokens = 4, Seed = 1 }));
            Assert.NotNull(text);
        });
    }

    private void FuzzClassifier(string reader, string listFile) =>
        Fuzz(reader, listFile, directory =>
        {
            var model = TextClassificationModel.Load(directory);
            Assert.Equal(model.Labels.Count, model.Labels.Distinct(StringComparer.Ordinal).Count());
            var probabilities = model.PredictProbabilities(["a good movie", "", "unknown words only"]);
            Assert.Equal([3, model.Labels.Count], probabilities.Shape);
            Assert.True(probabilities.ReadOnlySpan.ToArray().All(p => float.IsFinite(p) && p >= 0 && p <= 1), "a probability outside [0, 1]");
        });

    /// <summary>Mutates config.json, <paramref name="listFile"/> or the weights of the model saved in seed/, one per input.</summary>
    private void Fuzz(string reader, string listFile, Action<string> load)
    {
        string seed = scratch.PathOf("seed"), directory = scratch.PathOf("model");
        string[] files = [Recurrent.Serialization.ModelDirectory.ConfigFileName, listFile, Recurrent.Serialization.ModelDirectory.WeightsFileName];
        var originals = files.Select(f => File.ReadAllBytes(Path.Combine(seed, f))).ToArray();
        var inputs = Gen.OneOf(
            JsonMutations.Of([originals[0]]).Select(bytes => (File: 0, Bytes: bytes)),
            ByteMutations.Of([originals[1]]).Select(bytes => (File: 1, Bytes: bytes)),
            ByteMutations.Of([originals[2]]).Select(bytes => (File: 2, Bytes: bytes)));
        Directory.CreateDirectory(directory);
        ReaderFuzzer.Check(reader, inputs, input =>
        {
            for (int f = 0; f < files.Length; f++) File.WriteAllBytes(Path.Combine(directory, files[f]), f == input.File ? input.Bytes : originals[f]);
            load(directory);
        }, Iterations, input => input.Bytes, input => files[input.File]);
    }

    public void Dispose() => scratch.Dispose();
}
