using Google.Protobuf;
using Recurrent.Onnx;
using Recurrent.Onnx.Classification;
using Recurrent.Recurrence;
using Recurrent.Tasks.Classification;

namespace Recurrent.Tests.Onnx;

/// <summary>
/// Tiny classifiers built in code with seeded weights, exported to ONNX and run by ONNX Runtime on a padded batch of unequal
/// lengths (the padding holds real token ids, which must not matter): ONNX Runtime's probabilities equal Recurrent's
/// (<see cref="ClassificationTask.Probabilities"/>, which batches the rows its own way) to 1e-5.
/// </summary>
public sealed class ClassifierOnnxExportTests
{
    internal const int Vocabulary = 23;

    /// <summary>Rows of ids of lengths 6, 1, 3 and 4 (the longest first, so ONNX Runtime reads them padded to 6).</summary>
    private static readonly int[][] Rows = [[4, 9, 2, 17, 5, 11], [7], [3, 3, 20], [12, 1, 8, 22]];

    public static TheoryData<string, TextClassifierOptions> Classifiers => new()
    {
        { "lstm, max", Options(CellKind.Lstm, Pooling.Max) },
        { "gru reset-after, mean", Options(CellKind.Gru, Pooling.Mean) },
        { "gru reset-before, last", Options(CellKind.GruResetBefore, Pooling.Last) },
        { "elman tanh, attention", Options(CellKind.Elman, Pooling.Attention) },
        { "elman relu, max", Options(CellKind.Elman, Pooling.Max) with { Nonlinearity = Nonlinearity.Relu } },
        { "elman sigmoid, last", Options(CellKind.Elman, Pooling.Last) with { Nonlinearity = Nonlinearity.Sigmoid } },
        { "bidirectional lstm, concat, last", Options(CellKind.Lstm, Pooling.Last) with { Bidirectional = true } },
        { "bidirectional gru, sum, mean", Options(CellKind.Gru, Pooling.Mean) with { Bidirectional = true, Merge = MergeMode.Sum } },
        { "bidirectional lstm, average, attention", Options(CellKind.Lstm, Pooling.Attention) with { Bidirectional = true, Merge = MergeMode.Average } },
        { "bidirectional elman, multiply, max", Options(CellKind.Elman, Pooling.Max) with { Bidirectional = true, Merge = MergeMode.Multiply } },
        { "2 layers bidirectional lstm, max, dense 6", Options(CellKind.Lstm, Pooling.Max) with { NumLayers = 2, Bidirectional = true, DenseLayers = [6] } },
        { "2 layers gru reset-before, last", Options(CellKind.GruResetBefore, Pooling.Last) with { NumLayers = 2 } },
        { "2 layers bidirectional gru, sum, attention", Options(CellKind.Gru, Pooling.Attention) with { NumLayers = 2, Bidirectional = true, Merge = MergeMode.Sum } },
        { "pretrained concat, lstm, mean", Options(CellKind.Lstm, Pooling.Mean) with { PretrainedMode = PretrainedMode.Concat, PretrainedDimension = 3 } },
    };

    [Theory]
    [MemberData(nameof(Classifiers))]
    public void Onnx_runtime_gives_the_classifiers_probabilities_on_a_padded_batch(string name, TextClassifierOptions options)
    {
        AssertOnnxRuntimeAgrees(new TextClassifier(options, new Rng(18)), name);
    }

    /// <summary>ONNX Runtime's probabilities for <see cref="Rows"/> (padded with real ids) equal Recurrent's to 1e-5.</summary>
    internal static void AssertOnnxRuntimeAgrees(TextClassifier network, string name)
    {
        var expected = ClassificationTask.Probabilities(network, Rows);

        using var session = new OnnxClassifierSession(ClassifierExport.Build(network, ["a", "b", "c"]).ToByteArray());
        var actual = session.Probabilities(Rows.Select(row => Array.ConvertAll(row, id => (long)id)).ToList(), padding: (b, t) => (b * 7 + t * 5) % Vocabulary);

        float difference = 0;
        for (int b = 0; b < Rows.Length; b++)
            for (int c = 0; c < 3; c++)
                difference = Math.Max(difference, Math.Abs(actual[b][c] - expected[b, c]));
        Assert.True(difference <= 1e-5f, $"{name}: max abs difference {difference}");
    }

    [Fact]
    public void The_labels_travel_in_the_models_metadata()
    {
        var network = new TextClassifier(Options(CellKind.Gru, Pooling.Max), new Rng(1));
        using var session = new OnnxClassifierSession(ClassifierExport.Build(network, ["negative", "neutral", "positive"]).ToByteArray());
        Assert.Equal(["negative", "neutral", "positive"], session.Labels);
    }

    [Fact]
    public void The_onnx_checker_accepts_a_bidirectional_two_layer_classifier_with_attention()
    {
        var network = new TextClassifier(Options(CellKind.Gru, Pooling.Attention) with { NumLayers = 2, Bidirectional = true, DenseLayers = [5] },
            new Rng(2));
        string path = Path.Combine(Path.GetTempPath(), $"recurrent-onnx-check-{Guid.NewGuid():N}.onnx");
        try
        {
            ClassifierExport.Write(network, ["a", "b", "c"], path);
            OnnxChecker.AssertValid(path);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_jordan_network_is_refused_because_onnx_has_no_operator_for_it()
    {
        var network = new TextClassifier(Options(CellKind.Jordan, Pooling.Max), new Rng(1));
        var refusal = Assert.Throws<OnnxExportException>(() => ClassifierExport.Build(network, ["a", "b", "c"]));
        Assert.StartsWith("Jordan networks have no ONNX operator", refusal.Message);
    }

    [Fact]
    public void An_elman_network_with_the_identity_activation_is_refused()
    {
        var network = new TextClassifier(Options(CellKind.Elman, Pooling.Max) with { Nonlinearity = Nonlinearity.Identity }, new Rng(1));
        var refusal = Assert.Throws<OnnxExportException>(() => ClassifierExport.Build(network, ["a", "b", "c"]));
        Assert.Contains("identity activation has no ONNX form", refusal.Message);
    }

    private static TextClassifierOptions Options(CellKind cell, Pooling pooling) => new()
    {
        VocabularySize = Vocabulary, ClassCount = 3, EmbeddingDimension = 5, HiddenSize = 4, AttentionSize = 3, Cell = cell, Pooling = pooling,
    };
}
