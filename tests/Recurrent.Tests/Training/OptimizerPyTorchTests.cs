using Recurrent.Autograd;
using Recurrent.Training;

namespace Recurrent.Tests.Training;

/// <summary>
/// Each optimizer takes four steps on a [2, 3] parameter with a fixed gradient sequence; the expected values come from
/// PyTorch 1.13 (Debian's python3-torch), computed once with this script:
/// <code>
/// import torch
/// P0 = [[0.5, -1.0, 1.5], [2.0, -0.3, 0.8]]
/// G = [[0.1, -0.2, 0.3, 0.5, -0.4, 0.05], [-0.3, 0.1, 0.2, -0.1, 0.6, -0.2],
///      [0.25, 0.15, -0.35, 0.4, -0.05, 0.3], [0.0, -0.5, 0.1, 0.2, 0.3, -0.45]]
/// def run(make):
///     p = torch.tensor(P0, requires_grad=True)
///     opt = make([p])
///     for g in G:
///         p.grad = torch.tensor(g).reshape(2, 3)
///         opt.step()
///     return ", ".join(f"{v:.9g}f" for v in p.detach().flatten().tolist())
/// print(run(lambda ps: torch.optim.SGD(ps, lr=0.1)))   # and likewise for each case below
/// </code>
/// </summary>
public class OptimizerPyTorchTests
{
    private static readonly float[] InitialValues = [0.5f, -1.0f, 1.5f, 2.0f, -0.3f, 0.8f];

    private static readonly float[][] Gradients =
    [
        [0.1f, -0.2f, 0.3f, 0.5f, -0.4f, 0.05f],
        [-0.3f, 0.1f, 0.2f, -0.1f, 0.6f, -0.2f],
        [0.25f, 0.15f, -0.35f, 0.4f, -0.05f, 0.3f],
        [0.0f, -0.5f, 0.1f, 0.2f, 0.3f, -0.45f],
    ];

    private static void AssertTrajectoryEnds(Func<Variable[], Optimizer> create, float[] expected)
    {
        var p = new Variable(Tensor.FromArray(InitialValues, 2, 3), requiresGrad: true);
        var optimizer = create([p]);
        foreach (var g in Gradients)
        {
            optimizer.ZeroGrad();
            p.AccumulateGrad(g);
            optimizer.Step();
        }
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - p.Value.Data[i]) <= 2e-6f + 2e-6f * Math.Abs(expected[i]),
                $"Element {i}: expected {expected[i]:G9}, got {p.Value.Data[i]:G9}.");
    }

    [Fact]
    public void Sgd_matches_PyTorch()
    {
        // torch.optim.SGD(ps, lr=0.1)
        AssertTrajectoryEnds(ps => new Sgd(ps, new SgdOptions { LearningRate = 0.1f }),
            [0.495000035f, -0.954999983f, 1.47500002f, 1.9000001f, -0.345000029f, 0.829999983f]);
    }

    [Fact]
    public void Sgd_with_momentum_dampening_and_weight_decay_matches_PyTorch()
    {
        // torch.optim.SGD(ps, lr=0.1, momentum=0.9, dampening=0.1, weight_decay=0.01)
        AssertTrajectoryEnds(ps => new Sgd(ps, new SgdOptions { LearningRate = 0.1f, Momentum = 0.9f, Dampening = 0.1f, WeightDecay = 0.01f }),
            [0.491801143f, -0.927903533f, 1.38646281f, 1.74949574f, -0.324831545f, 0.81400758f]);
    }

    [Fact]
    public void Sgd_with_nesterov_momentum_and_weight_decay_matches_PyTorch()
    {
        // torch.optim.SGD(ps, lr=0.1, momentum=0.9, nesterov=True, weight_decay=0.01)
        AssertTrajectoryEnds(ps => new Sgd(ps, new SgdOptions { LearningRate = 0.1f, Momentum = 0.9f, Nesterov = true, WeightDecay = 0.01f }),
            [0.488399416f, -0.886278749f, 1.36674333f, 1.66007602f, -0.382568985f, 0.842821062f]);
    }

    [Fact]
    public void Adam_matches_PyTorch()
    {
        // torch.optim.Adam(ps, lr=0.1)
        AssertTrajectoryEnds(ps => new Adam(ps, new AdamOptions { LearningRate = 0.1f }),
            [0.431827992f, -0.847890317f, 1.27486908f, 1.70602977f, -0.27285251f, 0.758465052f]);
    }

    [Fact]
    public void Adam_with_weight_decay_and_betas_matches_PyTorch()
    {
        // torch.optim.Adam(ps, lr=0.01, betas=(0.8, 0.99), weight_decay=0.1)
        AssertTrajectoryEnds(ps => new Adam(ps, new AdamOptions { LearningRate = 0.01f, Beta1 = 0.8f, Beta2 = 0.99f, WeightDecay = 0.1f }),
            [0.486929089f, -0.973321855f, 1.47029495f, 1.96528709f, -0.296622276f, 0.7855317f]);
    }

    [Fact]
    public void AdamW_with_its_default_decay_matches_PyTorch()
    {
        // torch.optim.AdamW(ps, lr=0.1)
        AssertTrajectoryEnds(ps => new AdamW(ps, new AdamWOptions { LearningRate = 0.1f }),
            [0.430041581f, -0.844230771f, 1.26938105f, 1.69851422f, -0.271889865f, 0.755485952f]);
    }

    [Fact]
    public void AdamW_with_weight_decay_and_betas_matches_PyTorch()
    {
        // torch.optim.AdamW(ps, lr=0.01, betas=(0.8, 0.99), weight_decay=0.1)
        AssertTrajectoryEnds(ps => new AdamW(ps, new AdamWOptions { LearningRate = 0.01f, Beta1 = 0.8f, Beta2 = 0.99f, WeightDecay = 0.1f }),
            [0.491181523f, -0.981651843f, 1.47308731f, 1.96327639f, -0.297394097f, 0.793206215f]);
    }

    [Fact]
    public void RmsProp_matches_PyTorch()
    {
        // torch.optim.RMSprop(ps, lr=0.01)
        AssertTrajectoryEnds(ps => new RmsProp(ps, new RmsPropOptions { LearningRate = 0.01f }),
            [0.432687759f, -0.912691414f, 1.39459896f, 1.8278203f, -0.315082699f, 0.792440772f]);
    }

    [Fact]
    public void RmsProp_with_momentum_matches_PyTorch()
    {
        // torch.optim.RMSprop(ps, lr=0.01, momentum=0.9)
        AssertTrajectoryEnds(ps => new RmsProp(ps, new RmsPropOptions { LearningRate = 0.01f, Momentum = 0.9f }),
            [0.295088619f, -0.79602325f, 1.11847615f, 1.56173074f, -0.207416505f, 0.640183568f]);
    }

    [Fact]
    public void RmsProp_centered_matches_PyTorch()
    {
        // torch.optim.RMSprop(ps, lr=0.01, centered=True)
        AssertTrajectoryEnds(ps => new RmsProp(ps, new RmsPropOptions { LearningRate = 0.01f, Centered = true }),
            [0.432371438f, -0.91196537f, 1.39356089f, 1.82657826f, -0.314676344f, 0.792231262f]);
    }

    [Fact]
    public void RmsProp_centered_with_momentum_and_weight_decay_matches_PyTorch()
    {
        // torch.optim.RMSprop(ps, lr=0.01, alpha=0.9, momentum=0.5, centered=True, weight_decay=0.01)
        AssertTrajectoryEnds(ps => new RmsProp(ps, new RmsPropOptions { LearningRate = 0.01f, Alpha = 0.9f, Momentum = 0.5f, Centered = true, WeightDecay = 0.01f }),
            [0.45964089f, -0.957535744f, 1.42702663f, 1.90048862f, -0.294229418f, 0.776470244f]);
    }

    [Fact]
    public void Adagrad_matches_PyTorch()
    {
        // torch.optim.Adagrad(ps, lr=0.1)
        AssertTrajectoryEnds(ps => new Adagrad(ps, new AdagradOptions { LearningRate = 0.1f }),
            [0.432850957f, -0.912384868f, 1.39466453f, 1.8284018f, -0.314620465f, 0.79234606f]);
    }

    [Fact]
    public void Adagrad_with_rate_decay_initial_accumulator_and_weight_decay_matches_PyTorch()
    {
        // torch.optim.Adagrad(ps, lr=0.1, lr_decay=0.1, initial_accumulator_value=0.1, weight_decay=0.01)
        AssertTrajectoryEnds(ps => new Adagrad(ps, new AdagradOptions { LearningRate = 0.1f, LearningRateDecay = 0.1f, InitialAccumulatorValue = 0.1f, WeightDecay = 0.01f }),
            [0.486604303f, -0.934295118f, 1.42244422f, 1.85781837f, -0.311883062f, 0.827468693f]);
    }

    [Fact]
    public void Adam_counts_steps_per_parameter_so_a_parameter_without_a_gradient_keeps_its_bias_correction()
    {
        // a = torch.tensor(P0, requires_grad=True); b = torch.tensor([1.0, -2.0], requires_grad=True)
        // opt = torch.optim.Adam([a, b], lr=0.1)
        // for t, g in enumerate(G):
        //     a.grad = torch.tensor(g).reshape(2, 3)
        //     b.grad = torch.tensor([0.3, -0.1]) if t in (0, 2) else None
        //     opt.step()
        // b → [0.800000012, -1.79999995]
        var a = new Variable(Tensor.FromArray(InitialValues, 2, 3), requiresGrad: true);
        var b = new Variable(Tensor.FromArray([1f, -2f], 2), requiresGrad: true);
        var adam = new Adam([a, b], new AdamOptions { LearningRate = 0.1f });
        for (int t = 0; t < Gradients.Length; t++)
        {
            adam.ZeroGrad();
            a.AccumulateGrad(Gradients[t]);
            if (t is 0 or 2) b.AccumulateGrad([0.3f, -0.1f]);
            adam.Step();
        }
        Assert.Equal(0.800000012f, b.Value.Data[0], 1e-6f);
        Assert.Equal(-1.79999995f, b.Value.Data[1], 1e-6f);
        Assert.Equal(0.431827992f, a.Value.Data[0], 1e-6f);
    }
}
