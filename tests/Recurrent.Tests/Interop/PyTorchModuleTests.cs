using System.Text.Json;
using Recurrent.Autograd;
using Recurrent.Layers;
using Recurrent.Interop;
using Recurrent.Recurrence;
using Recurrent.Tasks.Classification;
using Recurrent.Tasks.LanguageModel;
using Recurrent.Tests.EndToEnd;
using Recurrent.Tests.Recurrence;
using Recurrent.Text;
using ModelDirectory = Recurrent.Serialization.ModelDirectory;

namespace Recurrent.Tests.Interop;

/// <summary>
/// Tiny classifiers and language models built in code with seeded weights, saved, exported with <see cref="PyTorchExport"/>, and run by
/// PyTorch through the exported model.py in one Python process (pytorch_outputs.py): a classifier's probabilities of a padded batch of
/// unequal lengths and a language model's log-probabilities equal Recurrent's to 1e-5. Peephole LSTMs get random peephole weights (a new
/// layer's are zero, which would hide them), and one, trained further in PyTorch, comes back through <see cref="PyTorchImport"/>.
/// </summary>
public sealed class PyTorchModuleTests : IDisposable
{
    private const int VocabularySize = 23;

    /// <summary>Rows of ids of lengths 6, 1, 3 and 4.</summary>
    private static readonly int[][] Rows = [[4, 9, 2, 17, 5, 11], [7], [3, 3, 20], [12, 1, 8, 22]];

    private static readonly Dictionary<string, TextClassifierOptions> Classifiers = new()
    {
        ["lstm, max"] = Classifier(CellKind.Lstm, Pooling.Max),
        ["gru, mean"] = Classifier(CellKind.Gru, Pooling.Mean),
        ["rnn tanh, attention"] = Classifier(CellKind.Elman, Pooling.Attention),
        ["rnn relu, last"] = Classifier(CellKind.Elman, Pooling.Last) with { Nonlinearity = Nonlinearity.Relu },
        ["bidirectional lstm, last"] = Classifier(CellKind.Lstm, Pooling.Last) with { Bidirectional = true },
        ["2 layers bidirectional gru, max, dense 6"] = Classifier(CellKind.Gru, Pooling.Max) with { NumLayers = 2, Bidirectional = true, DenseLayers = [6] },
        ["bidirectional lstm, attention, dense 5 and 4"] = Classifier(CellKind.Lstm, Pooling.Attention) with { Bidirectional = true, DenseLayers = [5, 4] },
        ["pretrained concat, lstm, mean"] = Classifier(CellKind.Lstm, Pooling.Mean) with { PretrainedMode = PretrainedMode.Concat, PretrainedDimension = 3 },
        ["gru reset-before, last"] = Classifier(CellKind.GruResetBefore, Pooling.Last),
        ["2 layers bidirectional jordan, attention"] = Classifier(CellKind.Jordan, Pooling.Attention) with { NumLayers = 2, Bidirectional = true },
        ["bidirectional gru reset-before, max"] = Classifier(CellKind.GruResetBefore, Pooling.Max) with { Bidirectional = true },
        ["rnn sigmoid, mean"] = Classifier(CellKind.Elman, Pooling.Mean) with { Nonlinearity = Nonlinearity.Sigmoid },
        ["jordan identity, last"] = Classifier(CellKind.Jordan, Pooling.Last) with { Nonlinearity = Nonlinearity.Identity },
        ["2 layers bidirectional lstm peephole, last"] = Classifier(CellKind.LstmPeephole, Pooling.Last) with { NumLayers = 2, Bidirectional = true },
    };

    private static readonly Dictionary<string, LanguageModelOptions> LanguageModels = new()
    {
        ["lstm"] = LanguageModel(CellKind.Lstm),
        ["2 layers gru"] = LanguageModel(CellKind.Gru) with { NumLayers = 2 },
        ["rnn relu, tied"] = LanguageModel(CellKind.Elman) with { Nonlinearity = Nonlinearity.Relu, EmbeddingDimension = 4, TieWeights = true },
        ["2 layers gru reset-before"] = LanguageModel(CellKind.GruResetBefore) with { NumLayers = 2 },
        ["jordan relu"] = LanguageModel(CellKind.Jordan) with { Nonlinearity = Nonlinearity.Relu },
        ["2 layers lstm peephole"] = LanguageModel(CellKind.LstmPeephole) with { NumLayers = 2 },
    };

    private readonly ScratchDirectory scratch = new("pytorch-modules");

    public void Dispose() => scratch.Dispose();

    [Fact]
    public void PyTorch_computes_what_Recurrent_computes_for_each_classifier_and_language_model()
    {
        var expected = new Dictionary<string, float[,]>();
        var exported = new List<string>();
        foreach (var (name, options) in Classifiers)
        {
            var network = new TextClassifier(options, new Rng(18));
            if (options.Cell == CellKind.LstmPeephole) PeepholeWeights.Randomize(network);
            TextClassificationModel.FromNetwork(network, Letters(), new TextPreprocessing(), ["a", "b", "c"]).Save(scratch.PathOf(name));
            expected[name] = Matrix(ClassificationTask.Probabilities(network, Rows));
            exported.Add(Export(name));
        }
        foreach (var (name, options) in LanguageModels)
        {
            var network = new RecurrentLanguageModel(options, new Rng(18));
            if (options.Cell == CellKind.LstmPeephole) PeepholeWeights.Randomize(network);
            new TrainedLanguageModel(network, Letters()).Save(scratch.PathOf(name));
            expected[name] = Matrix(LogProbabilities(network, Rows[0]));
            exported.Add(Export(name));
        }

        var outputs = TorchPython.JsonLines(TorchPython.Run("pytorch_outputs.py", [JsonSerializer.Serialize(Rows), .. exported]));

        Assert.Equal(expected.Count, outputs.Count);
        foreach (var (name, output) in expected.Keys.Zip(outputs))
        {
            var actual = output.Deserialize<float[][]>()!;
            var wanted = expected[name];
            Assert.Equal(wanted.GetLength(0), actual.Length);
            float difference = 0;
            for (int r = 0; r < actual.Length; r++)
            {
                Assert.Equal(wanted.GetLength(1), actual[r].Length);
                for (int c = 0; c < actual[r].Length; c++) difference = Math.Max(difference, Math.Abs(actual[r][c] - wanted[r, c]));
            }
            Assert.True(difference <= 1e-5f, $"{name}: max abs difference {difference}");
        }
    }

    [Fact]
    public void A_peephole_language_model_trained_further_in_PyTorch_comes_back_through_import_with_what_PyTorch_computed()
    {
        var network = new RecurrentLanguageModel(LanguageModel(CellKind.LstmPeephole), new Rng(18));
        PeepholeWeights.Randomize(network);
        new TrainedLanguageModel(network, Letters()).Save(scratch.PathOf("peephole"));
        string exported = Export("peephole"), state = scratch.PathOf("state.safetensors");
        var pytorch = TorchPython.JsonLines(TorchPython.Run("train_in_pytorch.py", exported, state)).Single();

        PyTorchImport.Import(state, Path.Combine(exported, ModelDirectory.ConfigFileName), scratch.PathOf("imported"));

        var imported = TrainedLanguageModel.Load(scratch.PathOf("imported"));
        int[] prime = imported.Encode(PyTorchExport.LanguageModelPrime);
        var logProbabilities = LogProbabilities(imported.Network, prime);
        var trained = pytorch["after"]!["log_probabilities"]!.Deserialize<float[]>()!;
        Assert.Equal(VocabularySize, trained.Length);
        for (int v = 0; v < VocabularySize; v++)
            Assert.True(Math.Abs(trained[v] - logProbabilities[prime.Length - 1, v]) <= 1e-5f,
                $"token {v}: PyTorch {trained[v]}, Recurrent {logProbabilities[prime.Length - 1, v]}");
        var exportedPeepholes = Peepholes(network);
        foreach (var (name, values) in Peepholes(imported.Network))
            Assert.NotEqual(exportedPeepholes[name], values);
    }

    private string Export(string name)
    {
        string directory = scratch.PathOf(name + ".pytorch");
        PyTorchExport.Write(scratch.PathOf(name), directory);
        return directory;
    }

    /// <summary>log softmax of the logits after each token of <paramref name="ids"/> [T, V].</summary>
    private static Tensor LogProbabilities(RecurrentLanguageModel network, int[] ids)
    {
        using (Tape.NoGrad())
            return Ops.LogSoftmax(network.Forward(ids, 1, ids.Length).Logits).Value;
    }

    /// <summary>The values of each peephole weight, by name.</summary>
    private static Dictionary<string, float[]> Peepholes(Module network) => network.NamedParameters()
        .Where(p => p.Name.Contains(".weight_p", StringComparison.Ordinal)).ToDictionary(p => p.Name, p => p.Parameter.Value.ReadOnlySpan.ToArray());

    private static float[,] Matrix(Tensor tensor)
    {
        var matrix = new float[tensor.Dim(0), tensor.Dim(1)];
        for (int r = 0; r < tensor.Dim(0); r++)
            for (int c = 0; c < tensor.Dim(1); c++) matrix[r, c] = tensor[r, c];
        return matrix;
    }

    /// <summary>&lt;pad&gt;, &lt;unk&gt; and the letters a, b, c, …: one token per id.</summary>
    private static Vocabulary Letters() =>
        new([Vocabulary.PadToken, Vocabulary.UnknownToken, .. Enumerable.Range(0, VocabularySize - 2).Select(i => ((char)('a' + i)).ToString())]);

    private static TextClassifierOptions Classifier(CellKind cell, Pooling pooling) => new()
    {
        VocabularySize = VocabularySize, ClassCount = 3, EmbeddingDimension = 5, HiddenSize = 4, AttentionSize = 3, Cell = cell, Pooling = pooling,
    };

    private static LanguageModelOptions LanguageModel(CellKind cell) => new()
    {
        VocabularySize = VocabularySize, EmbeddingDimension = 5, HiddenSize = 4, NumLayers = 1, Cell = cell,
    };
}
