using Recurrent.Autograd;
using static Recurrent.Tests.Autograd.OpAssert;

namespace Recurrent.Tests.Autograd;

/// <summary>
/// <see cref="Ops.Conv1d"/> and <see cref="Ops.MaxPool1dOverTime"/>: values against a direct sum over the windows, gradients
/// against finite differences, sequences of a padded batch against the same sequences alone, and the errors.
/// </summary>
public class ConvolutionTests
{
    private readonly Rng rng = new(1501);

    /// <summary>y[n, t, o] = b[o] + Σ_{c, k} w[o, c, k] · x[n, t·s − p + k, c] over steps inside [0, L_n), in double.</summary>
    private static float[] DirectConvolution(Tensor x, Tensor w, Tensor? b, int stride, int padding, int[]? lengths = null)
    {
        int batch = x.Dim(0), steps = x.Dim(1), cin = x.Dim(2), cout = w.Dim(0), kernel = w.Dim(2);
        int outSteps = (steps + 2 * padding - kernel) / stride + 1;
        var y = new float[batch * outSteps * cout];
        for (int n = 0; n < batch; n++)
            for (int t = 0; t < outSteps; t++)
                for (int o = 0; o < cout; o++)
                {
                    double sum = b is null ? 0 : b.Data[o];
                    for (int k = 0; k < kernel; k++)
                    {
                        int s = t * stride - padding + k;
                        if (s < 0 || s >= (lengths?[n] ?? steps)) continue;
                        for (int c = 0; c < cin; c++) sum += (double)w[o, c, k] * x[n, s, c];
                    }
                    y[(n * outSteps + t) * cout + o] = (float)sum;
                }
        return y;
    }

    [Theory]
    [InlineData(2, 10, 1, 4, 3, 1, 0)]
    [InlineData(3, 11, 3, 5, 5, 2, 2)]
    [InlineData(2, 17, 2, 6, 2, 3, 1)]
    [InlineData(1, 4, 4, 3, 1, 1, 0)]
    [InlineData(2, 3, 2, 2, 4, 1, 3)]
    [InlineData(2, 40, 16, 24, 7, 4, 3)]
    public void Conv1d_equals_the_direct_sum_over_each_window(int batch, int steps, int cin, int cout, int kernel, int stride, int padding)
    {
        var x = Random(rng, batch, steps, cin);
        var w = Random(rng, cout, cin, kernel);
        var b = Random(rng, cout);
        var y = Ops.Conv1d(new Variable(x), new Variable(w), new Variable(b), stride, padding);
        Assert.Equal([batch, (steps + 2 * padding - kernel) / stride + 1, cout], y.Shape);
        Equal(DirectConvolution(x, w, b, stride, padding), y.Value, 1e-5f);
    }

    [Theory]
    [InlineData(2, 9, 1, 3, 3, 1, 0)]
    [InlineData(3, 11, 3, 4, 5, 2, 2)]
    [InlineData(2, 13, 2, 5, 2, 3, 1)]
    [InlineData(2, 6, 4, 2, 1, 1, 0)]
    [InlineData(1, 7, 3, 3, 4, 1, 3)]
    [InlineData(2, 8, 2, 3, 3, 2, 0)]
    [InlineData(2, 9, 1, 6, 3, 1, 0)]
    [InlineData(2, 10, 1, 8, 4, 3, 3)]
    public void Conv1d_backpropagates_to_input_weight_and_bias(int batch, int steps, int cin, int cout, int kernel, int stride, int padding)
    {
        var x = Parameter(rng, "x", batch, steps, cin);
        var w = Parameter(rng, "weight", cout, cin, kernel);
        var b = Parameter(rng, "bias", cout);
        MatchesFiniteDifferences(() => Ops.Conv1d(x, w, b, stride, padding), x, w, b);
    }

    [Fact]
    public void Conv1d_without_bias_backpropagates_to_input_and_weight()
    {
        var x = Parameter(rng, "x", 2, 7, 3);
        var w = Parameter(rng, "weight", 4, 3, 3);
        MatchesFiniteDifferences(() => Ops.Conv1d(x, w, null, stride: 2, padding: 1), x, w);
        Equal(DirectConvolution(x.Value, w.Value, null, 2, 1), Ops.Conv1d(x, w, null, 2, 1).Value, 1e-5f);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(8)]
    public void Conv1d_with_lengths_backpropagates_and_reads_steps_past_a_length_as_zeros(int outChannels)
    {
        // 2 input channels × kernel 3: a window of 6 columns, wider than 3 output channels and narrower than 8 (both gradient paths).
        var x = Parameter(rng, "x", 3, 9, 2);
        var w = Parameter(rng, "weight", outChannels, 2, 3);
        var b = Parameter(rng, "bias", outChannels);
        int[] lengths = [9, 4, 1];
        Equal(DirectConvolution(x.Value, w.Value, b.Value, 2, 1, lengths), Ops.Conv1d(x, w, b, 2, 1, lengths).Value, 1e-5f);
        MatchesFiniteDifferences(() => Ops.Conv1d(x, w, b, 2, 1, lengths), x, w, b);
    }

    [Fact]
    public void A_shorter_sequence_in_a_padded_batch_has_the_outputs_and_gradients_it_has_alone()
    {
        var batch = Parameter(rng, "x", 2, 10, 3);
        var w = Parameter(rng, "weight", 4, 3, 3);
        var b = Parameter(rng, "bias", 4);
        const int length = 6, stride = 2, padding = 1;
        int outLength = (length + 2 * padding - 3) / stride + 1;
        var alone = new Variable(Tensor.FromArray(batch.Value.Data.AsSpan(10 * 3, length * 3).ToArray(), 1, length, 3), requiresGrad: true);
        var seed = Random(rng, 1, outLength, 4);
        Tensor batchGradient, aloneGradient;
        using (var tape = new Tape())
        {
            var y = Ops.Conv1d(batch, w, b, stride, padding, [10, length]);
            var row = Ops.Slice(Ops.Slice(y, 0, 1, 1), 1, 0, outLength);
            Equal(Ops.Conv1d(alone, w, b, stride, padding).Value.Data[..(outLength * 4)], row.Value, 1e-6f);
            Ops.Dot(row, seed).Backward();
            batchGradient = batch.Grad!.Clone();
        }
        using (var tape = new Tape())
        {
            Ops.Dot(Ops.Conv1d(alone, w, b, stride, padding), seed).Backward();
            aloneGradient = alone.Grad!;
        }
        Equal(aloneGradient.Data[..(length * 3)], new Tensor(batchGradient.Data.AsSpan(10 * 3, length * 3).ToArray(), length * 3), 1e-6f);
        Assert.All(batchGradient.Data.AsSpan((10 + length) * 3, (10 - length) * 3).ToArray(), g => Assert.Equal(0f, g));
    }

    [Fact]
    public void A_second_backward_pass_through_the_same_convolution_gives_the_same_gradients()
    {
        var x = Parameter(rng, "x", 2, 12, 3);
        var w = Parameter(rng, "weight", 4, 3, 3);
        var b = Parameter(rng, "bias", 4);
        using var tape = new Tape();
        var loss = Ops.Dot(Ops.Conv1d(x, w, b, 1, 1), Random(rng, 2, 12, 4));
        loss.Backward();
        var first = (x.Grad!.Clone(), w.Grad!.Clone(), b.Grad!.Clone());
        foreach (var p in new[] { x, w, b }) p.ZeroGrad();
        loss.Backward();
        Equal(first.Item1.Data[..first.Item1.Size], x.Grad!);
        Equal(first.Item2.Data[..first.Item2.Size], w.Grad!);
        Equal(first.Item3.Data[..first.Item3.Size], b.Grad!);
    }

    [Fact]
    public void Conv1d_records_nothing_without_a_tape_or_a_variable_that_requires_a_gradient()
    {
        var x = new Variable(Random(rng, 2, 5, 2));
        var w = new Variable(Random(rng, 3, 2, 2));
        using var tape = new Tape();
        Ops.Conv1d(x, w);
        Assert.Equal(0, tape.Count);
        Ops.Conv1d(x, Parameter(rng, "weight", 3, 2, 2));
        Assert.Equal(1, tape.Count);
    }

    [Theory]
    [InlineData(new[] { 2, 5 }, new[] { 3, 2, 2 }, 1, 0, "batch-first sequences [N, T, Cin]")]
    [InlineData(new[] { 2, 5, 2 }, new[] { 3, 4, 2 }, 1, 0, "Cin = 2")]
    [InlineData(new[] { 2, 5, 2 }, new[] { 3, 2, 2 }, 0, 0, "stride must be at least 1")]
    [InlineData(new[] { 2, 5, 2 }, new[] { 3, 2, 2 }, 1, -1, "padding must be at least 0")]
    [InlineData(new[] { 2, 3, 2 }, new[] { 3, 2, 6 }, 1, 1, "shorter than the kernel of 6 steps")]
    public void Conv1d_rejects_operands_that_do_not_fit(int[] inputShape, int[] weightShape, int stride, int padding, string message)
    {
        var ex = Assert.ThrowsAny<ArgumentException>(() =>
            Ops.Conv1d(new Variable(new Tensor(inputShape)), new Variable(new Tensor(weightShape)), null, stride, padding));
        Assert.Contains(message, ex.Message);
    }

    [Fact]
    public void Conv1d_rejects_a_bias_or_lengths_that_do_not_fit()
    {
        var x = new Variable(new Tensor(2, 5, 2));
        var w = new Variable(new Tensor(3, 2, 2));
        Assert.Contains("bias must be [3]", Assert.Throws<ArgumentException>(() => Ops.Conv1d(x, w, new Variable(new Tensor(4)))).Message);
        Assert.Contains("1 lengths for a batch of 2", Assert.Throws<ArgumentException>(() => Ops.Conv1d(x, w, lengths: [5])).Message);
        Assert.Contains("length 6 of sequence 1", Assert.Throws<ArgumentOutOfRangeException>(() => Ops.Conv1d(x, w, lengths: [5, 6])).Message);
    }

    /// <summary>[N, T, C] of distinct values 0.05 apart, shuffled: no finite-difference step changes a window's arg max.</summary>
    private Variable DistinctValues(string name, params int[] shape)
    {
        var value = new Tensor(shape);
        for (int i = 0; i < value.Size; i++) value.Data[i] = 0.05f * (i - value.Size / 2);
        for (int i = value.Size - 1; i > 0; i--)
        {
            int j = rng.NextInt(i + 1);
            (value.Data[i], value.Data[j]) = (value.Data[j], value.Data[i]);
        }
        return new Variable(value, requiresGrad: true, name);
    }

    [Theory]
    [InlineData(2, 10, 3, 2, 2)]
    [InlineData(2, 11, 2, 3, 1)]
    [InlineData(3, 9, 4, 4, 3)]
    [InlineData(1, 7, 2, 1, 1)]
    [InlineData(2, 12, 3, 2, 5)]
    public void MaxPool1dOverTime_takes_each_window_maximum_and_backpropagates_to_it(int batch, int steps, int channels, int kernel, int stride)
    {
        var x = DistinctValues("x", batch, steps, channels);
        var y = Ops.MaxPool1dOverTime(x, kernel, stride);
        int outSteps = (steps - kernel) / stride + 1;
        Assert.Equal([batch, outSteps, channels], y.Shape);
        for (int n = 0; n < batch; n++)
            for (int t = 0; t < outSteps; t++)
                for (int c = 0; c < channels; c++)
                    Assert.Equal(Enumerable.Range(t * stride, kernel).Max(s => x.Value[n, s, c]), y.Value[n, t, c]);
        MatchesFiniteDifferences(() => Ops.MaxPool1dOverTime(x, kernel, stride), x);
    }

    [Fact]
    public void MaxPool1dOverTime_sends_the_gradient_of_a_tie_to_the_first_maximum_and_adds_up_overlapping_windows()
    {
        // One sequence, one channel 1, 5, 5, 2, 0: windows [0, 3) and [1, 4) pick step 1, the first 5; window [2, 5) picks step 2.
        var x = Leaf([1f, 5f, 5f, 2f, 0f], 1, 5, 1);
        using var tape = new Tape();
        var y = Ops.MaxPool1dOverTime(x, kernel: 3, stride: 1);
        Equal([5f, 5f, 5f], y.Value);
        Ops.Sum(y).Backward();
        Equal([0f, 2f, 1f, 0f, 0f], x.Grad!);
    }

    [Fact]
    public void MaxPool1dOverTime_propagates_nan_as_pytorch_does()
    {
        var y = Ops.MaxPool1dOverTime(new Variable(Tensor.FromArray([1f, float.NaN, 3f, 4f], 1, 4, 1)), kernel: 2, stride: 2);
        Assert.True(float.IsNaN(y.Value.Data[0]));
        Assert.Equal(4f, y.Value.Data[1]);
    }

    [Theory]
    [InlineData(new[] { 2, 5 }, 2, 2, "batch-first sequences [N, T, C]")]
    [InlineData(new[] { 2, 5, 3 }, 0, 1, "kernel must be at least 1")]
    [InlineData(new[] { 2, 5, 3 }, 2, 0, "stride must be at least 1")]
    [InlineData(new[] { 2, 5, 3 }, 6, 1, "5 steps, fewer than the kernel of 6")]
    public void MaxPool1dOverTime_rejects_what_does_not_fit(int[] shape, int kernel, int stride, string message)
    {
        var ex = Assert.ThrowsAny<ArgumentException>(() => Ops.MaxPool1dOverTime(new Variable(new Tensor(shape)), kernel, stride));
        Assert.Contains(message, ex.Message);
    }
}
