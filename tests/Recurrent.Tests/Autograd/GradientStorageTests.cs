using Recurrent.Autograd;
using Recurrent.Recurrence;

namespace Recurrent.Tests.Autograd;

/// <summary>Tape.ReuseGradientStorage and the pool behind it: reused storage must never change a gradient.</summary>
public class GradientStorageTests
{
    /// <summary>A bidirectional LSTM big enough that its intermediate gradients (about 100 KB each) go through the pool.</summary>
    private static (RecurrentLayer Layer, Variable Input, Tensor Target) Network()
    {
        var rng = new Rng(31);
        var layer = new RecurrentLayer(new RecurrentOptions { Cell = CellKind.Lstm, InputSize = 8, HiddenSize = 64, NumLayers = 2, Bidirectional = true }, rng);
        var x = new Tensor(12, 16, 8);
        rng.FillNormal(x.Span);
        var target = new Tensor(12, 16, 128);
        rng.FillNormal(target.Span);
        return (layer, new Variable(x), target);
    }

    private static float[][] Gradients(RecurrentLayer layer) => layer.Parameters().Select(p => p.Grad!.ReadOnlySpan.ToArray()).ToArray();

    [Fact]
    public void Reused_gradient_storage_gives_the_same_gradients_bit_for_bit()
    {
        var (layer, input, target) = Network();
        float[][]? first = null;
        for (int pass = 0; pass < 3; pass++)
        {
            foreach (var p in layer.Parameters()) p.ZeroGrad();
            using (var tape = new Tape { ReuseGradientStorage = true })
                Ops.MeanSquaredError(layer.Forward(input).Output, target).Backward();
            var gradients = Gradients(layer);
            // Pass 0 ran on fresh arrays; passes 1 and 2 on the storage pass 0 (and 1) gave back, full of old gradients.
            if (first is null) first = gradients;
            else
                for (int i = 0; i < first.Length; i++)
                    Assert.Equal(first[i], gradients[i]);
        }
    }

    [Fact]
    public void Disposing_a_reusing_tape_drops_the_intermediate_gradients_but_not_the_parameters()
    {
        var (layer, input, target) = Network();
        Variable output;
        using (var tape = new Tape { ReuseGradientStorage = true })
        {
            output = layer.Forward(input).Output;
            Ops.MeanSquaredError(output, target).Backward();
            Assert.NotNull(output.Grad);
        }
        Assert.Null(output.Grad);
        Assert.All(layer.Parameters(), p => Assert.NotNull(p.Grad));
    }

    [Fact]
    public void By_default_intermediate_gradients_stay_readable_after_the_tape_is_disposed()
    {
        var (layer, input, target) = Network();
        Variable output;
        Tensor during;
        using (var tape = new Tape())
        {
            output = layer.Forward(input).Output;
            Ops.MeanSquaredError(output, target).Backward();
            during = output.Grad!.Clone();
        }
        // Another step on a reusing tape must not write into the gradient kept from the first.
        using (var tape = new Tape { ReuseGradientStorage = true })
            Ops.MeanSquaredError(layer.Forward(input).Output, Tensor.Full(5f, target.Shape)).Backward();
        Assert.Equal(during.ReadOnlySpan.ToArray(), output.Grad!.ReadOnlySpan.ToArray());
    }

    [Fact]
    public void A_new_gradient_on_reused_stale_storage_is_zero()
    {
        var dirty = StoragePool.Shared.Rent(4099);
        Array.Fill(dirty, 3f);
        StoragePool.Shared.Return(dirty);
        // An intermediate's first gradient taken from stale pooled storage starts at zero.
        var w = new Variable(Tensor.Full(1f, 4099), requiresGrad: true);
        using var tape = new Tape();
        var y = Ops.Scale(w, 2f);
        Assert.All(y.GradOrZeros().ReadOnlySpan.ToArray(), v => Assert.Equal(0f, v));
    }
}
