using Recurrent.Autograd;
using Recurrent.Layers;

namespace Recurrent.Tests.Autograd;

/// <summary>Tape.ReuseValueStorage: pooled results of products and cross-entropy must never change a loss or a gradient.</summary>
public class ValueStorageTests
{
    /// <summary>An output layer over a vocabulary big enough that its scores (40 × 300) and log-probabilities go through the pool.</summary>
    private static (Linear Layer, Variable Input, int[] Targets) OutputLayer()
    {
        var rng = new Rng(5);
        var layer = new Linear(24, 300, bias: true, rng);
        var x = new Tensor(40, 24);
        rng.FillNormal(x.Span);
        var targets = Enumerable.Range(0, 40).Select(i => i * 7 % 300).ToArray();
        return (layer, new Variable(x), targets);
    }

    private static (float Loss, float[][] Gradients) Step(Linear layer, Variable input, int[] targets, bool reuse)
    {
        foreach (var p in layer.Parameters()) p.ZeroGrad();
        float loss;
        using (new Tape { ReuseGradientStorage = reuse, ReuseValueStorage = reuse })
        {
            var value = Ops.CrossEntropy(layer.Forward(input), targets);
            value.Backward();
            loss = value.Value.Data[0];
        }
        return (loss, layer.Parameters().Select(p => p.Grad!.ReadOnlySpan.ToArray()).ToArray());
    }

    [Fact]
    public void Pooled_values_give_the_loss_and_gradients_of_fresh_ones_bit_for_bit()
    {
        var (layer, input, targets) = OutputLayer();
        var fresh = Step(layer, input, targets, reuse: false);
        // The first reusing step fills the pool; the next ones run on its stale scores and log-probabilities.
        for (int pass = 0; pass < 3; pass++)
        {
            var pooled = Step(layer, input, targets, reuse: true);
            Assert.Equal(fresh.Loss, pooled.Loss);
            for (int i = 0; i < fresh.Gradients.Length; i++) Assert.Equal(fresh.Gradients[i], pooled.Gradients[i]);
        }
    }

    [Fact]
    public void A_product_on_a_reusing_tape_takes_its_storage_from_the_pool()
    {
        var (layer, input, _) = OutputLayer();
        using (new Tape { ReuseValueStorage = true })
        {
            // A pooled array: of a size class (40 · 300 is not one), its own or one of the few above it.
            int length = layer.Forward(input).Value.Data.Length;
            Assert.Equal(StoragePool.ClassLength(length), length);
            Assert.InRange(length, StoragePool.ClassLength(40 * 300), 40 * 300 * 3 / 2);
        }
    }

    [Fact]
    public void A_concat_within_a_reusing_tape_is_pooled_and_a_plain_concat_owns_its_result()
    {
        var a = new Variable(new Tensor(40, 150), requiresGrad: true);
        var b = new Variable(new Tensor(40, 150), requiresGrad: true);
        using (new Tape { ReuseValueStorage = true })
        {
            int pooled = Ops.ConcatWithinTape([a, b], axis: 1).Value.Data.Length;
            Assert.Equal(StoragePool.ClassLength(pooled), pooled);
            Assert.Equal(40 * 300, Ops.Concat([a, b], axis: 1).Value.Data.Length);
        }
        using (new Tape())
            Assert.Equal(40 * 300, Ops.ConcatWithinTape([a, b], axis: 1).Value.Data.Length);
    }

    [Fact]
    public void Without_value_reuse_a_product_owns_its_result()
    {
        var (layer, input, _) = OutputLayer();
        float[] first, second;
        using (new Tape { ReuseGradientStorage = true }) first = layer.Forward(input).Value.Data;
        using (new Tape { ReuseGradientStorage = true }) second = layer.Forward(input).Value.Data;
        Assert.NotSame(first, second);
        Assert.Equal(40 * 300, first.Length);
    }

    [Fact]
    public void A_fused_linear_layer_has_the_gradients_of_finite_differences()
    {
        var rng = new Rng(9);
        var x = new Variable(new Tensor(3, 4), requiresGrad: true);
        rng.FillNormal(x.Value.Span);
        var layer = new Linear(4, 5, bias: true, rng);
        var target = new Tensor(3, 5);
        rng.FillNormal(target.Span);
        Assert.Empty(GradientChecker.Check(() => Ops.MeanSquaredError(layer.Forward(x), target), [x, layer.Weight, layer.Bias!]));
    }
}
