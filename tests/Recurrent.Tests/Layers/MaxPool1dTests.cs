using Recurrent.Autograd;
using Recurrent.Layers;
using static Recurrent.Tests.Autograd.OpAssert;

namespace Recurrent.Tests.Layers;

/// <summary>The <see cref="MaxPool1d"/> layer: PyTorch's defaults, output lengths, the gradient and the errors.</summary>
public class MaxPool1dTests
{
    private readonly Rng rng = new(1503);

    [Fact]
    public void Stride_defaults_to_the_kernel_size_and_the_layer_has_no_parameters()
    {
        var pool = new MaxPool1d(3);
        Assert.Equal(3, pool.Stride);
        Assert.Empty(pool.NamedParameters());
        Assert.Equal(2, new MaxPool1d(3, stride: 2).Stride);
    }

    [Theory]
    [InlineData(24, 2, null, 12)]
    [InlineData(25, 2, null, 12)]
    [InlineData(10, 3, 1, 8)]
    [InlineData(11, 4, 3, 3)]
    [InlineData(4, 4, null, 1)]
    public void OutputLength_is_the_time_extent_the_layer_produces(int length, int kernel, int? stride, int expected)
    {
        var pool = new MaxPool1d(kernel, stride);
        Assert.Equal(expected, pool.OutputLength(length));
        Assert.Equal([2, expected, 3], pool.Forward(new Variable(Random(rng, 2, length, 3))).Shape);
    }

    [Fact]
    public void OutputLength_refuses_a_sequence_shorter_than_the_kernel()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new MaxPool1d(4).OutputLengths([9, 3]));
        Assert.Contains("sequence of 3 steps is shorter than the MaxPool1d kernel of 4 steps", ex.Message);
    }

    [Fact]
    public void Forward_takes_the_maximum_of_each_window_of_each_channel()
    {
        // [1, 6, 2]: channel 0 is 0…5, channel 1 is 5…0; windows of 2 with stride 2.
        var x = new Variable(Tensor.FromArray([0f, 5f, 1f, 4f, 2f, 3f, 3f, 2f, 4f, 1f, 5f, 0f], 1, 6, 2));
        Equal([1f, 5f, 3f, 3f, 5f, 1f], new MaxPool1d(2).Forward(x).Value, 0f);
    }

    [Fact]
    public void Forward_backpropagates_to_each_window_maximum()
    {
        var x = new Variable(Tensor.FromArray(Enumerable.Range(0, 2 * 9 * 3).Select(i => (i * 37 % 54) * 0.05f).ToArray(), 2, 9, 3),
            requiresGrad: true, "x");
        MatchesFiniteDifferences(() => new MaxPool1d(3, stride: 2).Forward(x), x);
    }

    [Theory]
    [InlineData(0, null, "kernelSize must be at least 1, got 0")]
    [InlineData(2, 0, "stride must be at least 1 (or null for the kernel size), got 0")]
    public void Bad_arguments_are_refused_with_the_argument_named(int kernel, int? stride, string message)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new MaxPool1d(kernel, stride));
        Assert.Contains(message, ex.Message);
    }
}
