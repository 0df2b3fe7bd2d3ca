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
    public void A_large_parameter_split_across_cores_gets_the_same_update_as_on_one_core_and_as_the_formula()
    {
        // 100,003 elements: above the size where the update runs on all cores, with a tail that is not a whole vector.
        const int n = 100_003;
        var rng = new Rng(41);
        var start = new float[n];
        var gradient = new float[n];
        rng.FillNormal(start);
        rng.FillNormal(gradient);
        float[] Run(int threads)
        {
            int previous = Gemm.MaxThreads;
            Gemm.MaxThreads = threads;
            try
            {
                var p = new Variable(new Tensor((float[])start.Clone(), n), requiresGrad: true);
                var adam = new Adam([p], new AdamOptions { LearningRate = 0.01f });
                for (int step = 0; step < 2; step++)
                {
                    adam.ZeroGrad();
                    p.AccumulateGrad(gradient);
                    adam.Step();
                }
                return p.Value.Data;
            }
            finally
            {
                Gemm.MaxThreads = previous;
            }
        }
        var one = Run(1);
        Assert.Equal(one, Run(2));
        foreach (int i in new[] { 0, 17, n / 2, n - 1 })
        {
            // Two steps with the same g: m₂ = (1−β₁²)g, v₂ = (1−β₂²)g², bias-corrected: m̂ = g, v̂ = g², so each step moves lr·g/(|g| + ε).
            double g = gradient[i], expected = start[i] - 2 * 0.01 * g / (Math.Abs(g) + 1e-8);
            Assert.Equal(expected, one[i], 4);
        }
    }

    [Fact]
    public void Rejects_a_negative_learning_rate_naming_the_option()
    {
        var ex = Assert.Throws<ArgumentException>(() => new Adam([], new AdamOptions { LearningRate = -1f }));
        Assert.Contains("LearningRate", ex.Message);
    }
}
