using System.Text.Json.Nodes;
using Recurrent.Autograd;
using Recurrent.Tasks.Classification;
using Recurrent.Tests.Text;
using Recurrent.Text;

namespace Recurrent.Tests.Tasks;

/// <summary>
/// Pretrained vectors in a text classifier: <see cref="PretrainedMode.Concat"/> (a frozen pretrained table joined with a
/// trainable one) and <see cref="PretrainedVocabulary.All"/> (the vocabulary also holds the pretrained words training lacks).
/// </summary>
public sealed class PretrainedEmbeddingTests : IDisposable
{
    private static readonly string Glove = SharedData.Fixture("glove.twitter.27B.25d.first200.txt");
    private readonly string root = Path.Combine(Path.GetTempPath(), $"rnn-pretrained-{Guid.NewGuid():N}");

    public PretrainedEmbeddingTests() => Directory.CreateDirectory(root);

    public void Dispose() => Directory.Delete(root, recursive: true);

    private static TextClassifier Concat(int vocabulary = 12, int trainable = 4, int pretrained = 3) =>
        new(new TextClassifierOptions
        {
            VocabularySize = vocabulary, ClassCount = 3, EmbeddingDimension = trainable, PretrainedMode = PretrainedMode.Concat,
            PretrainedDimension = pretrained, HiddenSize = 5, Bidirectional = true, Pooling = Pooling.Max,
        }, new Rng(7));

    private static readonly int[] Ids = [3, 4, 5, 6, 2, 7, 8, 0, 0, 0, 9, 10, 11, 0, 0];   // [B=3, T=5]
    private static readonly int[] Lengths = [5, 2, 3];

    /// <summary>label-first lines whose words are all among the first 200 GloVe words except "movie" and "dull".</summary>
    private string WriteData()
    {
        string path = Path.Combine(root, "train.txt");
        var lines = Enumerable.Range(0, 24).Select(i => i % 2 == 0 ? $"pos a good movie {(i % 4 == 0 ? "and" : "the")} best" : $"neg a dull movie {(i % 4 == 1 ? "of" : "the")} price");
        File.WriteAllLines(path, lines);
        return path;
    }

    /// <summary>One epoch on all of <see cref="WriteData"/> (no validation), saved in <paramref name="directory"/>.</summary>
    private ClassificationRun Train(PretrainedVocabulary vocabulary, PretrainedMode mode, string? directory = null) =>
        ClassificationTraining.Run(new ClassificationTrainingOptions
        {
            TrainPaths = [WriteData()],
            ValidationSplit = 0,
            Read = new Recurrent.Data.ReadOptions { Format = Recurrent.Data.DataFormat.LabelFirst },
            Model = new TextClassifierOptions { EmbeddingDimension = 6, HiddenSize = 4, PretrainedMode = mode },
            PretrainedVectors = Glove,
            PretrainedVocabulary = vocabulary,
            Trainer = new Recurrent.Training.TrainerOptions { Epochs = 1, Directory = directory },
        });

    private static Vocabulary VocabularyOf(string directory)
    {
        using var reader = new StreamReader(Path.Combine(directory, "vocab.txt"));
        return Vocabulary.Read(reader);
    }

    [Fact]
    public void Concat_mode_has_a_trainable_table_and_a_frozen_pretrained_table_read_side_by_side()
    {
        var model = Concat(trainable: 4, pretrained: 3);
        Assert.Equal([12, 4], model.Embedding.Weight.Value.Shape);
        Assert.Equal([12, 3], model.PretrainedEmbedding.Weight.Value.Shape);
        Assert.Equal([4 * 5, 3 + 4], model.GetParameter("encoder.weight_ih_l0").Value.Shape);
        Assert.Contains(model.Embedding.Weight, model.TrainableParameters());
        Assert.DoesNotContain(model.PretrainedEmbedding.Weight, model.TrainableParameters());
    }

    [Fact]
    public void Init_mode_loads_the_vectors_into_the_one_embedding()
    {
        var model = new TextClassifier(new TextClassifierOptions { VocabularySize = 12, ClassCount = 2, EmbeddingDimension = 4 }, new Rng(7));
        Assert.Same(model.Embedding, model.PretrainedEmbedding);
        Assert.DoesNotContain(model.NamedParameters(), p => p.Name.StartsWith("pretrained_embedding", StringComparison.Ordinal));
    }

    [Fact]
    public void Concat_mode_gradients_match_finite_differences()
    {
        var model = Concat();
        var pretrained = new Tensor(12, 3);
        new Rng(3).FillNormal(pretrained.Span, 0f, 0.5f);
        model.PretrainedEmbedding.LoadPretrained(pretrained);
        int[] targets = [0, 2, 1];
        var mismatches = GradientChecker.Check(
            () => Ops.CrossEntropy(model.Forward(Ids, 3, 5, Lengths), targets), model.TrainableParameters().ToList(),
            maxElementsPerInput: 16);
        Assert.True(mismatches.Count == 0, string.Join("\n", mismatches));
    }

    [Fact]
    public void Concat_mode_changes_the_output_with_the_pretrained_vectors()
    {
        var model = Concat();
        using var noGrad = Tape.NoGrad();
        var before = model.Forward(Ids, 3, 5, Lengths).Value.Data.ToArray();
        var pretrained = new Tensor(12, 3);
        new Rng(3).FillNormal(pretrained.Span, 0f, 0.5f);
        model.PretrainedEmbedding.LoadPretrained(pretrained);
        Assert.NotEqual(before, model.Forward(Ids, 3, 5, Lengths).Value.Data.ToArray());
    }

    [Fact]
    public void Concat_mode_without_a_pretrained_dimension_is_refused_naming_the_option()
    {
        var ex = Assert.Throws<ArgumentException>(() => new TextClassifier(new TextClassifierOptions
        {
            VocabularySize = 10, ClassCount = 2, PretrainedMode = PretrainedMode.Concat,
        }, new Rng(1)));
        Assert.Contains("PretrainedDimension", ex.Message);
    }

    [Fact]
    public void Freezing_in_concat_mode_is_refused_because_the_pretrained_part_is_always_frozen()
    {
        var ex = Assert.Throws<ArgumentException>(() => new TextClassifier(new TextClassifierOptions
        {
            VocabularySize = 10, ClassCount = 2, PretrainedMode = PretrainedMode.Concat, PretrainedDimension = 3, FreezeEmbeddings = true,
        }, new Rng(1)));
        Assert.Contains("FreezeEmbeddings", ex.Message);
    }

    [Fact]
    public void Training_vocabulary_holds_only_the_training_tokens()
    {
        var run = Train(PretrainedVocabulary.Train, PretrainedMode.Init, Path.Combine(root, "model"));
        var vocabulary = VocabularyOf(Path.Combine(root, "model"));
        Assert.True(vocabulary.Contains("movie"));
        Assert.False(vocabulary.Contains("search"));
        Assert.Equal(vocabulary.Count, run.Model.Network!.Options.VocabularySize);
    }

    [Fact]
    public void All_vocabulary_adds_the_pretrained_words_after_the_training_tokens()
    {
        string directory = Path.Combine(root, "model");
        var run = Train(PretrainedVocabulary.All, PretrainedMode.Init, directory);
        var vocabulary = VocabularyOf(directory);
        var vectors = PretrainedVectors.Load(Glove);
        var training = Vocabulary.Build(File.ReadLines(Path.Combine(root, "train.txt")).Select(line => line.Split(' ').Skip(1)));
        Assert.Equal(training.Tokens, vocabulary.Tokens.Take(training.Count));
        Assert.Equal(vectors.Words.Where(word => !training.Contains(word)), vocabulary.Tokens.Skip(training.Count));
        Assert.Equal(vocabulary.Count, run.Model.Network!.Options.VocabularySize);
        var embedding = run.Model.Network.Embedding.Weight.Value;
        Assert.Equal([vocabulary.Count, 25], embedding.Shape);
    }

    [Fact]
    public void Concat_mode_run_copies_the_vectors_into_the_frozen_part_and_zeros_the_words_without_one()
    {
        var run = Train(PretrainedVocabulary.All, PretrainedMode.Concat, Path.Combine(root, "model"));
        var network = run.Model.Network!;
        Assert.Equal(PretrainedMode.Concat, network.Options.PretrainedMode);
        Assert.Equal(25, network.Options.PretrainedDimension);
        Assert.Equal(6, network.Options.EmbeddingDimension);
        var vocabulary = VocabularyOf(Path.Combine(root, "model"));
        var vectors = PretrainedVectors.Load(Glove);
        var table = network.PretrainedEmbedding.Weight.Value;
        Assert.Equal(vectors.Vector(vectors.IndexOf("search")).ToArray(), table.ReadOnlySpan.Slice(vocabulary.IndexOf("search") * 25, 25).ToArray());
        Assert.All(table.ReadOnlySpan.Slice(vocabulary.IndexOf("movie") * 25, 25).ToArray(), v => Assert.Equal(0f, v));
    }

    [Fact]
    public void Concat_model_saves_its_mode_and_loads_to_the_same_predictions()
    {
        string directory = Path.Combine(root, "model");
        var run = Train(PretrainedVocabulary.All, PretrainedMode.Concat, directory);
        var config = JsonNode.Parse(File.ReadAllText(Path.Combine(directory, "config.json")))!;
        Assert.Equal("concat", config["architecture"]!["pretrained_mode"]!.GetValue<string>());
        Assert.Equal(25, config["architecture"]!["pretrained_dimension"]!.GetValue<int>());
        Assert.Equal("all", config["training"]!["pretrained_vocabulary"]!.GetValue<string>());

        var loaded = TextClassificationModel.Load(directory);
        Assert.Equal(PretrainedMode.Concat, loaded.Network!.Options.PretrainedMode);
        Assert.Equal(run.Model.Network!.PretrainedEmbedding.Weight.Value.Data.ToArray(), loaded.Network.PretrainedEmbedding.Weight.Value.Data.ToArray());
        string[] texts = ["a good movie", "a dull search of the price", "people and music"];   // "search", "people", "music": pretrained words only
        Assert.Equal(run.Model.PredictProbabilities(texts).Data.ToArray(), loaded.PredictProbabilities(texts).Data.ToArray());
    }

    [Fact]
    public void A_model_saved_before_the_modes_existed_loads_in_init_mode()
    {
        string directory = Path.Combine(root, "model");
        Train(PretrainedVocabulary.Train, PretrainedMode.Init, directory);
        string path = Path.Combine(directory, "config.json");
        var config = JsonNode.Parse(File.ReadAllText(path))!;
        config["architecture"]!.AsObject().Remove("pretrained_mode");
        config["architecture"]!.AsObject().Remove("pretrained_dimension");
        File.WriteAllText(path, config.ToJsonString());
        Assert.Equal(PretrainedMode.Init, TextClassificationModel.Load(directory).Network!.Options.PretrainedMode);
    }
}
