using Recurrent.Autograd;
using Recurrent.Training;

namespace Recurrent.Tests.Training;

public class OptimizerStateTests
{
    /// <summary>Every optimizer, in a configuration that uses all of its buffers.</summary>
    public static TheoryData<string> Configurations => ["sgd", "sgd-nesterov", "adam", "adamw", "rmsprop-centered-momentum", "adagrad"];

    private static Optimizer Create(string configuration, IEnumerable<Variable> parameters) => configuration switch
    {
        "sgd-nesterov" => new Sgd(parameters, new SgdOptions { LearningRate = 0.1f, Momentum = 0.9f, Nesterov = true, WeightDecay = 0.01f }),
        "rmsprop-centered-momentum" => new RmsProp(parameters, new RmsPropOptions { Momentum = 0.9f, Centered = true, WeightDecay = 0.01f }),
        _ => OptimizerFactory.Create(configuration, parameters, 0.05f, 0.01f),
    };

    private static Variable[] Parameters(Rng rng)
    {
        var weight = new Tensor(3, 4);
        var bias = new Tensor(4);
        rng.FillUniform(weight.Span, -1f, 1f);
        rng.FillUniform(bias.Span, -1f, 1f);
        return [new Variable(weight, requiresGrad: true, "weight"), new Variable(bias, requiresGrad: true, "bias")];
    }

    /// <summary>Steps <paramref name="first"/>, first+1, … each with gradients drawn from a generator seeded by the step number.</summary>
    private static void TakeSteps(Optimizer optimizer, int first, int steps)
    {
        for (int s = first; s < first + steps; s++)
        {
            optimizer.ZeroGrad();
            var gradients = new Rng((ulong)(100 + s));
            foreach (var p in optimizer.Parameters)
            {
                var g = new float[p.Value.Size];
                gradients.FillUniform(g, -1f, 1f);
                p.AccumulateGrad(g);
            }
            optimizer.Step();
        }
    }

    [Theory]
    [MemberData(nameof(Configurations))]
    public void A_loaded_state_continues_the_trajectory_bit_for_bit(string configuration)
    {
        var original = Parameters(new Rng(1));
        var optimizer = Create(configuration, original);
        TakeSteps(optimizer, first: 0, steps: 3);
        optimizer.LearningRate = 0.03f;
        var state = optimizer.GetState();

        var resumed = original.Select(p => new Variable(p.Value.Clone(), requiresGrad: true, p.Name)).ToArray();
        var resumedOptimizer = Create(configuration, resumed);
        resumedOptimizer.LoadState(state);
        TakeSteps(optimizer, first: 3, steps: 3);
        TakeSteps(resumedOptimizer, first: 3, steps: 3);

        Assert.Equal(0.03f, resumedOptimizer.LearningRate);
        Assert.Equal(6, resumedOptimizer.StepCount);
        for (int n = 0; n < original.Length; n++) Assert.Equal(original[n].Value.Data, resumed[n].Value.Data);
    }

    [Fact]
    public void The_state_is_a_copy_that_later_steps_do_not_change()
    {
        var optimizer = new Adam(Parameters(new Rng(1)));
        TakeSteps(optimizer, first: 0, steps: 1);
        var state = optimizer.GetState();
        float[] savedMoment = (float[])state.Buffers["exp_avg/0"].Clone();
        TakeSteps(optimizer, first: 1, steps: 1);
        Assert.Equal(savedMoment, state.Buffers["exp_avg/0"]);
    }

    [Fact]
    public void The_state_names_buffers_by_PyTorch_key_and_parameter_position()
    {
        var optimizer = new Adam(Parameters(new Rng(1)));
        TakeSteps(optimizer, first: 0, steps: 2);
        var state = optimizer.GetState();
        Assert.Equal("adam", state.Kind);
        Assert.Equal(["exp_avg/0", "exp_avg/1", "exp_avg_sq/0", "exp_avg_sq/1"], state.Buffers.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(12, state.Buffers["exp_avg/0"].Length);
        Assert.Equal(2, state.Scalars["step/1"]);
        Assert.Equal(2, state.Scalars["step_count"]);
    }

    [Fact]
    public void Loading_the_state_of_another_optimizer_kind_is_refused()
    {
        var state = new Sgd(Parameters(new Rng(1))).GetState();
        var ex = Assert.Throws<ArgumentException>(() => new Adam(Parameters(new Rng(1))).LoadState(state));
        Assert.Contains("'sgd'", ex.Message);
        Assert.Contains("'adam'", ex.Message);
    }

    [Fact]
    public void Loading_a_state_for_a_different_parameter_count_is_refused()
    {
        var state = new Adam(Parameters(new Rng(1))).GetState();
        var ex = Assert.Throws<ArgumentException>(() => new Adam(Parameters(new Rng(1)).Take(1)).LoadState(state));
        Assert.Contains("2 parameters", ex.Message);
    }

    [Fact]
    public void Loading_a_state_for_a_different_shape_is_refused_naming_the_parameter()
    {
        var state = new Adam(Parameters(new Rng(1))).GetState();
        var other = new[] { new Variable(new Tensor(4, 3), requiresGrad: true, "weight"), new Variable(new Tensor(4), requiresGrad: true, "bias") };
        var ex = Assert.Throws<ArgumentException>(() => new Adam(other).LoadState(state));
        Assert.Contains("weight", ex.Message);
        Assert.Contains("[4, 3]", ex.Message);
        Assert.Contains("[3, 4]", ex.Message);
    }

    [Fact]
    public void Loading_a_momentum_state_into_an_optimizer_without_momentum_is_refused()
    {
        var withMomentum = new Sgd(Parameters(new Rng(1)), new SgdOptions { Momentum = 0.9f });
        TakeSteps(withMomentum, first: 0, steps: 1);
        var ex = Assert.Throws<ArgumentException>(() => new Sgd(Parameters(new Rng(1))).LoadState(withMomentum.GetState()));
        Assert.Contains("momentum_buffer", ex.Message);
    }

    [Fact]
    public void A_refused_state_leaves_the_optimizer_unchanged()
    {
        var optimizer = new Adam(Parameters(new Rng(1)));
        TakeSteps(optimizer, first: 0, steps: 2);
        var state = optimizer.GetState();
        state.Buffers["exp_avg/1"] = new float[3];
        var fresh = new Adam(Parameters(new Rng(1)));
        Assert.Throws<ArgumentException>(() => fresh.LoadState(state));
        Assert.Equal(0, fresh.StepCount);
        Assert.Empty(fresh.GetState().Buffers);
    }

    [Fact]
    public void Parameters_that_do_not_require_a_gradient_are_not_taken()
    {
        var frozen = new Variable(Tensor.FromArray([1f, 2f], 2), requiresGrad: false);
        var trained = new Variable(Tensor.FromArray([1f, 2f], 2), requiresGrad: true);
        var optimizer = new Sgd([frozen, trained]);
        Assert.Equal([trained], optimizer.Parameters);
    }

    [Fact]
    public void A_parameter_without_a_gradient_is_left_alone()
    {
        var p = new Variable(Tensor.FromArray([1f, 2f], 2), requiresGrad: true);
        var optimizer = new AdamW([p], new AdamWOptions { LearningRate = 0.1f });
        optimizer.Step();
        Assert.Equal([1f, 2f], p.Value.Data);
        Assert.Equal(1, optimizer.StepCount);
        Assert.Equal(0, optimizer.GetState().Scalars["step/0"]);
    }

    [Fact]
    public void The_same_parameter_given_twice_is_refused()
    {
        var p = new Variable(new Tensor(2), requiresGrad: true, "w");
        var ex = Assert.Throws<ArgumentException>(() => new Sgd([p, p]));
        Assert.Contains("twice", ex.Message);
    }

    [Fact]
    public void Setting_a_negative_learning_rate_is_refused()
    {
        var optimizer = new Sgd([]);
        Assert.Throws<ArgumentException>(() => optimizer.LearningRate = -0.1f);
    }
}
