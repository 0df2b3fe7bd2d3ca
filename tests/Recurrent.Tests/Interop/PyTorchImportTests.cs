using Recurrent.Interop;
using Recurrent.Serialization;
using Recurrent.Tasks.Classification;
using Recurrent.Tests.EndToEnd;
using Recurrent.Text;
using ModelDirectory = Recurrent.Serialization.ModelDirectory;

namespace Recurrent.Tests.Interop;

/// <summary>
/// <see cref="PyTorchImport"/> on state dicts written in code: the weights arrive by name (without DataParallel's "module."), and a
/// state dict that does not fit is refused with every missing, unexpected and mis-shaped tensor and the shape the model expects.
/// </summary>
public sealed class PyTorchImportTests : IDisposable
{
    private readonly ScratchDirectory scratch = new("pytorch-import");
    private readonly string exported;

    public PyTorchImportTests()
    {
        var vocabulary = new Vocabulary([Vocabulary.PadToken, Vocabulary.UnknownToken, "i", "loved", "it", "."]);
        var options = new TextClassifierOptions { VocabularySize = 6, ClassCount = 2, EmbeddingDimension = 3, HiddenSize = 2 };
        TextClassificationModel.FromNetwork(new TextClassifier(options, new Rng(5)), vocabulary, new TextPreprocessing(), ["bad", "good"])
            .Save(scratch.PathOf("model"));
        exported = scratch.PathOf("exported");
        PyTorchExport.Write(scratch.PathOf("model"), exported);
    }

    public void Dispose() => scratch.Dispose();

    private string ConfigPath => Path.Combine(exported, ModelDirectory.ConfigFileName);

    /// <summary>The exported weights, each multiplied by <paramref name="factor"/>, named as <c>model.state_dict()</c> names them.</summary>
    private Dictionary<string, Tensor> Trained(float factor) =>
        StateDict.Read(Path.Combine(exported, ModelDirectory.WeightsFileName)).ToDictionary(t => t.Key, t => Scaled(t.Value, factor));

    [Fact]
    public void A_state_dict_saved_through_DataParallel_becomes_a_model_with_its_weights()
    {
        var trained = Trained(0.5f);
        string state = scratch.PathOf("state.safetensors");
        SafeTensors.Save(state, trained.Select(t => KeyValuePair.Create(PyTorchImport.ParallelPrefix + t.Key, t.Value)));

        string task = PyTorchImport.Import(state, ConfigPath, scratch.PathOf("imported"));

        Assert.Equal(TextClassificationModel.TaskName, task);
        Assert.Equal(["config.json", "model.safetensors", "vocab.txt"], Directory.GetFiles(scratch.PathOf("imported")).Select(Path.GetFileName).Order());
        var network = TextClassificationModel.Load(scratch.PathOf("imported")).Network!;
        foreach (var (name, parameter) in network.NamedParameters())
            Assert.Equal(trained[name].ReadOnlySpan.ToArray(), parameter.Value.ReadOnlySpan.ToArray());
    }

    [Fact]
    public void A_state_dict_that_does_not_fit_is_refused_naming_each_tensor_and_the_shape_expected_and_nothing_is_written()
    {
        var trained = Trained(1f);
        trained.Remove("encoder.weight_hh_l0");
        trained["output.weight"] = new Tensor(3, 4);
        trained["encoder.weight_hr_l0"] = new Tensor(2, 2);
        string state = scratch.PathOf("state.safetensors");
        SafeTensors.Save(state, trained);

        var refusal = Assert.Throws<ModelFormatException>(() => PyTorchImport.Import(state, ConfigPath, scratch.PathOf("imported")));

        Assert.Equal(string.Join(Environment.NewLine,
            $"{state}: the state dict does not fit the model {ConfigPath} describes (was it trained from the model.py exported with it?):",
            "  missing encoder.weight_hh_l0: the model expects [8, 2]",
            "  output.weight is [3, 4]: the model expects [2, 2]",
            "  unexpected encoder.weight_hr_l0 [2, 2]: the model has no such parameter"), refusal.Message);
        Assert.Equal(["exported", "model", "state.safetensors"], Directory.GetFileSystemEntries(scratch.Root).Select(Path.GetFileName).Order());
    }

    [Fact]
    public void A_weight_that_is_not_finite_is_refused_naming_its_tensor()
    {
        var trained = Trained(1f);
        trained["output.bias"].Span[1] = float.NaN;
        string state = scratch.PathOf("state.safetensors");
        SafeTensors.Save(state, trained);

        var refusal = Assert.Throws<ModelFormatException>(() => PyTorchImport.Import(state, ConfigPath, scratch.PathOf("imported")));

        Assert.Equal("output.bias", refusal.TensorName);
        Assert.False(Directory.Exists(scratch.PathOf("imported")));
    }

    [Fact]
    public void Names_keep_their_prefix_unless_every_name_has_it()
    {
        var tensors = new Dictionary<string, Tensor> { ["module.output.bias"] = new(2), ["output.weight"] = new(2, 2) };

        Assert.Equal(["module.output.bias", "output.weight"], PyTorchImport.WithoutParallelPrefix(tensors).Keys.Order());
    }

    private static Tensor Scaled(Tensor tensor, float factor)
    {
        var scaled = tensor.Clone();
        System.Numerics.Tensors.TensorPrimitives.Multiply(scaled.Span, factor, scaled.Span);
        return scaled;
    }
}
