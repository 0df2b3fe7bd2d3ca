using Recurrent.Autograd;
using Recurrent.Training;

namespace Recurrent.Tests.Training;

public class OptimizerOptionsTests
{
    [Fact]
    public void A_bad_option_is_refused_naming_the_record_the_option_and_the_value()
    {
        var ex = Assert.Throws<ArgumentException>(() => new Sgd([], new SgdOptions { Momentum = 1.5f }));
        Assert.Contains("SgdOptions.Momentum", ex.Message);
        Assert.Contains("1.5", ex.Message);
    }

    [Theory]
    [InlineData("rmsprop")]
    [InlineData("adagrad")]
    [InlineData("adamw")]
    public void Each_options_record_checks_its_epsilon(string name)
    {
        Action create = name switch
        {
            "rmsprop" => () => new RmsProp([], new RmsPropOptions { Epsilon = 0 }),
            "adagrad" => () => new Adagrad([], new AdagradOptions { Epsilon = -1 }),
            _ => () => new AdamW([], new AdamWOptions { Epsilon = float.NaN }),
        };
        var ex = Assert.Throws<ArgumentException>(create);
        Assert.Contains("Epsilon", ex.Message);
    }

    [Fact]
    public void Nesterov_without_momentum_is_refused()
    {
        var ex = Assert.Throws<ArgumentException>(() => new Sgd([], new SgdOptions { Nesterov = true }));
        Assert.Contains("Nesterov", ex.Message);
    }

    [Fact]
    public void Defaults_are_PyTorchs()
    {
        Assert.Equal(0.01f, new AdamWOptions().WeightDecay);
        Assert.Equal(0.99f, new RmsPropOptions().Alpha);
        Assert.Equal(1e-8f, new RmsPropOptions().Epsilon);
        Assert.Equal(1e-10f, new AdagradOptions().Epsilon);
        Assert.Equal(0f, new AdagradOptions().InitialAccumulatorValue);
    }

    [Theory]
    [InlineData("sgd", typeof(Sgd))]
    [InlineData("adam", typeof(Adam))]
    [InlineData("AdamW", typeof(AdamW))]
    [InlineData("rmsprop", typeof(RmsProp))]
    [InlineData("adagrad", typeof(Adagrad))]
    public void The_factory_builds_each_optimizer_by_its_command_line_name(string name, Type expected)
    {
        var optimizer = OptimizerFactory.Create(name, [new Variable(new Tensor(2), requiresGrad: true)], 0.5f);
        Assert.IsType(expected, optimizer);
        Assert.Equal(0.5f, optimizer.LearningRate);
    }

    [Fact]
    public void The_factory_passes_weight_decay_and_keeps_AdamWs_default_when_none_is_given()
    {
        Assert.Equal(0.2f, ((Sgd)OptimizerFactory.Create("sgd", [], 0.1f, 0.2f)).Options.WeightDecay);
        Assert.Equal(0.01f, ((AdamW)OptimizerFactory.Create("adamw", [], 0.1f)).Options.WeightDecay);
        Assert.Equal(0f, ((AdamW)OptimizerFactory.Create("adamw", [], 0.1f, 0f)).Options.WeightDecay);
    }

    [Fact]
    public void An_unknown_optimizer_name_is_refused_listing_the_valid_ones()
    {
        var ex = Assert.Throws<ArgumentException>(() => OptimizerFactory.Create("adamax", [], 0.1f));
        Assert.Contains("'adamax'", ex.Message);
        Assert.Contains("sgd, adam, adamw, rmsprop, adagrad", ex.Message);
    }
}
