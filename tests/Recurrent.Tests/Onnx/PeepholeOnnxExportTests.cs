using Google.Protobuf;
using Recurrent.Onnx.Classification;
using Recurrent.Recurrence;
using Recurrent.Tasks.Classification;
using Recurrent.Tests.Recurrence;

namespace Recurrent.Tests.Onnx;

/// <summary>
/// A classifier whose encoder is a peephole LSTM exports its peephole weights as the LSTM's input P (ONNX's order i, o, f):
/// ONNX Runtime's probabilities on a padded batch of unequal lengths equal Recurrent's to 1e-5. The peephole weights are
/// set to random values (a new layer's are zero, which would hide a wrong order).
/// </summary>
public sealed class PeepholeOnnxExportTests
{
    private const int Vocabulary = 23;

    /// <summary>Rows of ids of lengths 6, 1, 3 and 4 (the longest first, so ONNX Runtime reads them padded to 6).</summary>
    private static readonly int[][] Rows = [[4, 9, 2, 17, 5, 11], [7], [3, 3, 20], [12, 1, 8, 22]];

    public static TheoryData<string, int, bool, Pooling> Classifiers => new()
    {
        { "lstm-peephole, last", 1, false, Pooling.Last },
        { "2 layers bidirectional lstm-peephole, max", 2, true, Pooling.Max },
    };

    [Theory]
    [MemberData(nameof(Classifiers))]
    public void Onnx_runtime_gives_the_peephole_classifiers_probabilities_on_a_padded_batch(string name, int layers, bool bidirectional, Pooling pooling)
    {
        var network = new TextClassifier(new TextClassifierOptions
        {
            VocabularySize = Vocabulary, ClassCount = 3, EmbeddingDimension = 5, HiddenSize = 4, Cell = CellKind.LstmPeephole, Pooling = pooling,
            NumLayers = layers, Bidirectional = bidirectional,
        }, new Rng(18));
        PeepholeWeights.Randomize(network);
        var expected = ClassificationTask.Probabilities(network, Rows);

        using var session = new OnnxClassifierSession(ClassifierExport.Build(network, ["a", "b", "c"]).ToByteArray());
        var actual = session.Probabilities(Rows.Select(row => Array.ConvertAll(row, id => (long)id)).ToList(), padding: (b, t) => (b * 7 + t * 5) % Vocabulary);

        float difference = 0;
        for (int b = 0; b < Rows.Length; b++)
            for (int c = 0; c < 3; c++)
                difference = Math.Max(difference, Math.Abs(actual[b][c] - expected[b, c]));
        Assert.True(difference <= 1e-5f, $"{name}: max abs difference {difference}");
    }
}
