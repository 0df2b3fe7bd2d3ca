using System.Text.Json;
using Recurrent.Autograd;
using Recurrent.Layers;
using Recurrent.Recurrence;
using Recurrent.Serialization;
using Recurrent.Tests.Goldens;
using Recurrent.Tests.Serialization;
using static Recurrent.Tests.Autograd.OpAssert;

namespace Recurrent.Tests.Layers;

/// <summary>
/// The <see cref="Conv1d"/> layer and <see cref="Conv1dOptions"/>. The golden numbers are PyTorch 1.13's nn.Conv1d (+ nn.ReLU)
/// + nn.MaxPool1d in float64 (Goldens/Conv1d/make_conv1d_goldens.py): outputs and the gradients of Σ outputs·R with respect to
/// the inputs, the weight and the bias, for five configurations of kernel, stride, padding, bias, activation and pooling.
/// </summary>
public class Conv1dTests
{
    private static readonly JsonElement Golden = LoadGolden();

    private readonly Rng rng = new(1502);

    private static JsonElement LoadGolden()
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Goldens", "Conv1d", "conv1d.json")));
        return document.RootElement.Clone();
    }

    public static IEnumerable<object[]> GoldenCases() =>
        Golden.GetProperty("cases").EnumerateArray().Select(c => new object[] { c.GetProperty("name").GetString()! });

    [Theory]
    [MemberData(nameof(GoldenCases))]
    public void Conv1d_and_max_pooling_match_pytorch(string name)
    {
        var golden = Golden.GetProperty("cases").EnumerateArray().Single(c => c.GetProperty("name").GetString() == name);
        var options = new Conv1dOptions
        {
            InChannels = golden.GetProperty("in_channels").GetInt32(),
            OutChannels = golden.GetProperty("out_channels").GetInt32(),
            KernelSize = golden.GetProperty("kernel_size").GetInt32(),
            Stride = golden.GetProperty("stride").GetInt32(),
            Padding = golden.GetProperty("padding").GetInt32(),
            Bias = golden.GetProperty("bias").GetBoolean(),
            Activation = golden.GetProperty("activation").GetString() == "relu" ? Conv1dActivation.Relu : Conv1dActivation.None,
        };
        var conv = new Conv1d(options, rng);
        conv.Weight.Assign(GoldenTensor(golden, "weight"));
        if (options.Bias) conv.Bias!.Assign(GoldenTensor(golden, "bias_values"));
        var pool = golden.GetProperty("pool_kernel").ValueKind == JsonValueKind.Null
            ? null
            : new MaxPool1d(golden.GetProperty("pool_kernel").GetInt32(),
                golden.GetProperty("pool_stride").ValueKind == JsonValueKind.Null ? null : golden.GetProperty("pool_stride").GetInt32());
        var inputs = new Variable(GoldenTensor(golden, "inputs"), requiresGrad: true, "inputs");
        var gradients = golden.GetProperty("gradients");
        using (var tape = new Tape())
        {
            var convolved = conv.Forward(inputs);
            var outputs = pool is null ? convolved : pool.Forward(convolved);
            AssertClose(GoldenTensor(golden, "outputs"), outputs.Value, "outputs");
            var loss = Ops.Dot(outputs, GoldenTensor(golden, "loss_weights"));
            Assert.Equal(golden.GetProperty("loss").GetDouble(), loss.Value.Data[0], 1e-4);
            loss.Backward();
        }
        AssertClose(GoldenTensor(gradients, "inputs"), inputs.Grad!, "gradient of the inputs");
        AssertClose(GoldenTensor(gradients, "weight"), conv.Weight.Grad!, "gradient of the weight");
        if (options.Bias) AssertClose(GoldenTensor(gradients, "bias"), conv.Bias!.Grad!, "gradient of the bias");
    }

    private static Tensor GoldenTensor(JsonElement element, string key) => GoldenCase.ToTensor(element.GetProperty(key));

    /// <summary>Same shape, and every element within 1e-5 relative (1e-5 absolute near zero) of PyTorch's float64 value.</summary>
    private static void AssertClose(Tensor expected, Tensor actual, string what)
    {
        Assert.Equal(expected.Shape, actual.Shape);
        for (int i = 0; i < expected.Size; i++)
            Assert.True(Math.Abs(expected.Data[i] - actual.Data[i]) <= 1e-5f * Math.Max(1f, Math.Abs(expected.Data[i])),
                $"{what}[{i}]: PyTorch {expected.Data[i]}, Conv1d {actual.Data[i]}.");
    }

    [Fact]
    public void Conv1d_has_pytorch_parameter_names_and_shapes()
    {
        var layer = new Conv1d(new Conv1dOptions { InChannels = 3, OutChannels = 8, KernelSize = 5 }, rng);
        Assert.Equal(["weight", "bias"], layer.NamedParameters().Select(p => p.Name));
        Assert.Equal([8, 3, 5], layer.Weight.Shape);
        Assert.Equal([8], layer.Bias!.Shape);
        Assert.Equal(8 * 3 * 5 + 8, layer.ParameterCount());
    }

    [Fact]
    public void A_saved_state_dict_loads_into_a_layer_of_the_same_options()
    {
        using var dir = new TempDirectory();
        var options = new Conv1dOptions { InChannels = 2, OutChannels = 4, KernelSize = 3, Padding = 1 };
        var saved = new Conv1d(options, new Rng(1));
        var loaded = new Conv1d(options, new Rng(2));
        StateDict.Save(saved, dir.File("conv.safetensors"));
        var result = StateDict.Load(loaded, dir.File("conv.safetensors"));
        Assert.Empty(result.MissingNames);
        Assert.Empty(result.UnexpectedNames);
        var x = new Variable(Random(rng, 2, 6, 2));
        Equal(saved.Forward(x).Value.Data[..(2 * 6 * 4)], loaded.Forward(x).Value, 0f);
    }

    [Fact]
    public void Conv1d_without_bias_has_only_a_weight()
    {
        var layer = new Conv1d(new Conv1dOptions { InChannels = 2, OutChannels = 4, Bias = false }, rng);
        Assert.Null(layer.Bias);
        Assert.Equal(["weight"], layer.NamedParameters().Select(p => p.Name));
    }

    [Fact]
    public void Conv1d_initialises_uniformly_within_one_over_root_of_in_channels_times_kernel()
    {
        var layer = new Conv1d(new Conv1dOptions { InChannels = 4, OutChannels = 64, KernelSize = 4 }, rng);
        float bound = 1f / MathF.Sqrt(4 * 4);
        foreach (var p in layer.Parameters())
        {
            Assert.All(p.Value.Data, v => Assert.InRange(v, -bound, bound));
            Assert.True(p.Value.Data.Max() > 0.8f * bound && p.Value.Data.Min() < -0.8f * bound, "values should fill the range");
        }
    }

    [Fact]
    public void Conv1d_backpropagates_to_input_weight_and_bias()
    {
        var layer = new Conv1d(new Conv1dOptions { InChannels = 3, OutChannels = 4, KernelSize = 3, Stride = 2, Padding = 1 }, rng);
        var x = Parameter(rng, "x", 2, 9, 3);
        MatchesFiniteDifferences(() => layer.Forward(x, [9, 5]), x, layer.Weight, layer.Bias!);
    }

    [Fact]
    public void Relu_activation_zeroes_the_negative_outputs_of_the_convolution()
    {
        var options = new Conv1dOptions { InChannels = 2, OutChannels = 6, KernelSize = 3, Padding = 1 };
        var plain = new Conv1d(options, new Rng(7));
        var relu = new Conv1d(options with { Activation = Conv1dActivation.Relu }, new Rng(7));
        var x = new Variable(Random(rng, 2, 8, 2));
        var expected = plain.Forward(x).Value.Data.Take(2 * 8 * 6).Select(v => Math.Max(v, 0f)).ToArray();
        Assert.Contains(expected, v => v == 0f);
        Equal(expected, relu.Forward(x).Value, 0f);
    }

    [Theory]
    [InlineData(24, 3, 1, 0, 22)]
    [InlineData(24, 3, 1, 1, 24)]
    [InlineData(24, 5, 2, 2, 12)]
    [InlineData(17, 2, 3, 1, 6)]
    [InlineData(3, 4, 1, 1, 2)]
    [InlineData(1, 1, 1, 0, 1)]
    public void OutputLength_is_the_time_extent_the_layer_produces(int length, int kernel, int stride, int padding, int expected)
    {
        var options = new Conv1dOptions { InChannels = 1, OutChannels = 2, KernelSize = kernel, Stride = stride, Padding = padding };
        Assert.Equal(expected, options.OutputLength(length));
        Assert.Equal([3, expected, 2], new Conv1d(options, rng).Forward(new Variable(new Tensor(3, length, 1))).Shape);
    }

    [Fact]
    public void OutputLength_refuses_a_sequence_too_short_for_one_output_step()
    {
        var options = new Conv1dOptions { InChannels = 1, OutChannels = 2, KernelSize = 5, Padding = 1 };
        Assert.Equal(3, options.MinimumInputLength);
        Assert.Equal(1, options.OutputLength(3));
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => options.OutputLength(2));
        Assert.Contains("sequence of 2 steps is shorter than the 3 steps", ex.Message);
        Assert.Contains("Conv1dOptions.KernelSize 5", ex.Message);
    }

    public static IEnumerable<object[]> BadOptions() =>
    [
        [new Conv1dOptions { InChannels = 0, OutChannels = 2 }, "Conv1dOptions.InChannels must be at least 1, got 0"],
        [new Conv1dOptions { InChannels = 1, OutChannels = -3 }, "Conv1dOptions.OutChannels must be at least 1, got -3"],
        [new Conv1dOptions { InChannels = 1, OutChannels = 2, KernelSize = 0 }, "Conv1dOptions.KernelSize must be at least 1, got 0"],
        [new Conv1dOptions { InChannels = 1, OutChannels = 2, Stride = 0 }, "Conv1dOptions.Stride must be at least 1, got 0"],
        [new Conv1dOptions { InChannels = 1, OutChannels = 2, Padding = -1 }, "Conv1dOptions.Padding must be at least 0, got -1"],
        [new Conv1dOptions { InChannels = 1, OutChannels = 2, KernelSize = 3, Padding = 3 }, "Conv1dOptions.Padding must be less than"],
        [new Conv1dOptions { InChannels = 1, OutChannels = 2, Activation = (Conv1dActivation)7 }, "use one of None, Relu"],
    ];

    [Theory]
    [MemberData(nameof(BadOptions))]
    public void Bad_options_are_refused_with_the_option_named(Conv1dOptions options, string message)
    {
        var ex = Assert.Throws<ArgumentException>(() => new Conv1d(options, rng));
        Assert.Contains(message, ex.Message);
    }

    [Fact]
    public void Forward_rejects_input_with_other_channels()
    {
        var layer = new Conv1d(new Conv1dOptions { InChannels = 3, OutChannels = 4 }, rng);
        var ex = Assert.Throws<ArgumentException>(() => layer.Forward(new Variable(new Tensor(2, 10, 4))));
        Assert.Contains("needs batch-first sequences [N, T, 3], got [2, 10, 4]", ex.Message);
    }

    [Fact]
    public void Convolution_and_pooling_feed_a_recurrent_layer_whose_lengths_follow_them()
    {
        // A CNN-LSTM front: sequence 1 of the padded batch ends with the same LSTM state as when it runs alone.
        var conv = new Conv1d(new Conv1dOptions { InChannels = 2, OutChannels = 8, KernelSize = 3, Padding = 1, Activation = Conv1dActivation.Relu }, rng);
        var pool = new MaxPool1d(2);
        var lstm = new RecurrentLayer(new RecurrentOptions { InputSize = 8, HiddenSize = 5 }, rng);
        var x = Random(rng, 2, 12, 2);
        int[] lengths = [12, 7];
        int[] pooledLengths = pool.OutputLengths(conv.OutputLengths(lengths));
        Assert.Equal([6, 3], pooledLengths);
        var batch = lstm.Forward(pool.Forward(conv.Forward(new Variable(x), lengths)), pooledLengths);
        var alone = new Variable(new Tensor(x.Data.AsSpan(12 * 2, 7 * 2).ToArray(), 1, 7, 2));
        var single = lstm.Forward(pool.Forward(conv.Forward(alone)));
        Equal(single.HiddenState.Value.Data[..5], new Tensor(batch.HiddenState.Value.Data.AsSpan(5, 5).ToArray(), 5), 1e-6f);
    }
}
