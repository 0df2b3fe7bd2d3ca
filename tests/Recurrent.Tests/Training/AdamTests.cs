using Recurrent.Autograd;
using Recurrent.Training;

namespace Recurrent.Tests.Training;

public class AdamTests
{
    [Fact]
    public void Three_steps_match_PyTorch()
    {
        // torch.optim.Adam([p], lr=0.1, weight_decay=0.01), loss = Σ p ⊙ [0.1, −0.2, 0.3], three steps.
        var p = new Variable(Tensor.FromArray([1f, 2f, 3f], 3), requiresGrad: true);
        var adam = new Adam([p], new AdamOptions { LearningRate = 0.1f, WeightDecay = 0.01f });
        var w = Tensor.FromArray([0.1f, -0.2f, 0.3f], 3);
        for (int step = 0; step < 3; step++)
        {
            adam.ZeroGrad();
            using var tape = new Tape();
            Ops.Dot(p, w).Backward();
            adam.Step();
        }
        float[] expected = [0.7000913619995117f, 2.299945116043091f, 2.7000293731689453f];
        for (int i = 0; i < 3; i++) Assert.Equal(expected[i], p.Value.Data[i], 5);
    }

    [Fact]
    public void Rejects_a_negative_learning_rate_naming_the_option()
    {
        var ex = Assert.Throws<ArgumentException>(() => new Adam([], new AdamOptions { LearningRate = -1f }));
        Assert.Contains("LearningRate", ex.Message);
    }
}
