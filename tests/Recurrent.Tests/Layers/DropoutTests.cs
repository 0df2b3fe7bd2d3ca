using Recurrent.Autograd;

namespace Recurrent.Tests.Layers;

public class DropoutTests
{
    [Fact]
    public void Dropout_layer_drops_while_training_and_is_the_identity_in_evaluation()
    {
        var layer = new Recurrent.Layers.Dropout(0.5f, new Rng(40));
        var x = new Variable(Tensor.Full(1f, 200));
        Assert.Contains(layer.Forward(x).Value.Data, v => v == 0f);
        layer.Eval();
        Assert.Same(x, layer.Forward(x));
    }

    [Fact]
    public void Dropout_layer_rejects_a_probability_outside_zero_to_one()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new Recurrent.Layers.Dropout(-0.1f, new Rng(1)));
        Assert.Contains("p must be in [0, 1]", e.Message);
    }
}
