using Recurrent.Autograd;
using Recurrent.Training;

namespace Recurrent.Tests.Training;

/// <summary>
/// <see cref="Optimizer.Step(float)"/> with the factor of clipping by global norm gives the same bits as clipping the
/// gradients in place and stepping, for every optimizer (Adam and AdamW fold the factor into their pass; the others
/// update from a scaled copy), and leaves the gradients unscaled.
/// </summary>
public class ScaledStepTests
{
    public static TheoryData<string> Configurations => ["sgd", "sgd-nesterov", "adam", "adam-no-decay", "adamw", "rmsprop", "adagrad"];

    private static Optimizer Create(string configuration, IEnumerable<Variable> parameters) => configuration switch
    {
        "sgd-nesterov" => new Sgd(parameters, new SgdOptions { LearningRate = 0.1f, Momentum = 0.9f, Nesterov = true, WeightDecay = 0.01f }),
        "adam-no-decay" => new Adam(parameters, new AdamOptions { LearningRate = 0.01f }),
        _ => OptimizerFactory.Create(configuration, parameters, 0.05f, 0.01f),
    };

    /// <summary>A weight of 3 × 37 (vectors of 16 and a tail) and a bias of 5.</summary>
    private static Variable[] Parameters()
    {
        var rng = new Rng(3);
        var weight = new Tensor(3, 37);
        var bias = new Tensor(5);
        rng.FillUniform(weight.Span, -1f, 1f);
        rng.FillUniform(bias.Span, -1f, 1f);
        return [new Variable(weight, requiresGrad: true, "weight"), new Variable(bias, requiresGrad: true, "bias")];
    }

    private static void SetGradients(IEnumerable<Variable> parameters, int step)
    {
        var rng = new Rng((ulong)(50 + step));
        foreach (var p in parameters)
        {
            p.ZeroGrad();
            var g = new float[p.Value.Size];
            rng.FillUniform(g, -3f, 3f);
            p.AccumulateGrad(g);
        }
    }

    [Theory]
    [MemberData(nameof(Configurations))]
    public void A_scaled_step_equals_clipping_in_place_then_stepping(string configuration)
    {
        var clipped = Parameters();
        var scaled = Parameters();
        var clippedOptimizer = Create(configuration, clipped);
        var scaledOptimizer = Create(configuration, scaled);
        for (int step = 0; step < 4; step++)
        {
            SetGradients(clipped, step);
            SetGradients(scaled, step);
            float clippedNorm = GradientClipping.ClipByGlobalNorm(clipped, maxNorm: 1f);
            var (norm, scale) = GradientClipping.GlobalNormScale(scaled, maxNorm: 1f);
            float[] unscaled = scaled[0].Grad!.Data.ToArray();
            clippedOptimizer.Step();
            scaledOptimizer.Step(scale);

            Assert.Equal(clippedNorm, norm);
            Assert.True(scale < 1f, $"the gradients of step {step} should need clipping (norm {norm})");
            Assert.Equal(unscaled, scaled[0].Grad!.Data);
            for (int n = 0; n < clipped.Length; n++) Assert.Equal(clipped[n].Value.Data, scaled[n].Value.Data);
        }
    }

    [Fact]
    public void Within_the_norm_the_scale_is_one()
    {
        var p = new Variable(new Tensor(2), requiresGrad: true);
        p.AccumulateGrad([3f, -4f]);
        Assert.Equal((5f, 1f), GradientClipping.GlobalNormScale([p], maxNorm: 10f));
    }
}
