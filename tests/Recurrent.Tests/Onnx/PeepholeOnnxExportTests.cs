using Recurrent.Recurrence;
using Recurrent.Tasks.Classification;
using Recurrent.Tests.Recurrence;

namespace Recurrent.Tests.Onnx;

/// <summary>
/// A classifier whose encoder is a peephole LSTM exports its peephole weights as the LSTM's input P (ONNX's order i, o, f):
/// ONNX Runtime's probabilities on the padded batch of <see cref="ClassifierOnnxExportTests"/> equal Recurrent's to 1e-5.
/// The peephole weights are set to random values (a new layer's are zero, which would hide a wrong order).
/// </summary>
public sealed class PeepholeOnnxExportTests
{
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
            VocabularySize = ClassifierOnnxExportTests.Vocabulary, ClassCount = 3, EmbeddingDimension = 5, HiddenSize = 4,
            Cell = CellKind.LstmPeephole, Pooling = pooling, NumLayers = layers, Bidirectional = bidirectional,
        }, new Rng(18));
        PeepholeWeights.Randomize(network);
        ClassifierOnnxExportTests.AssertOnnxRuntimeAgrees(network, name);
    }
}
