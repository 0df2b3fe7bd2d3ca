namespace Recurrent.Tests.Exercise;

/// <summary>
/// Sheet 4, task 1.1: h_t = tanh(W_hh h_{t−1} + W_xh x_t + b_h), y_t = W_hy h_t + b_y with h_0 = 0,
/// x = (1, 0), (0, 1), (1, 1). Expected values computed by hand (and checked once in float64 with PyTorch).
/// </summary>
public class Task11RnnForwardTests
{
    private const float Tolerance = 2e-6f;
    private readonly Recurrent.Interpretation.TraceResult result = ExerciseSpec.Run("exercise-1-1.json");

    [Fact]
    public void Step_1_gives_h1_and_y1()
    {
        // a1 = W_xh x1 + b_h = (0.5 + 0.1, −0.2 − 0.2) = (0.6, −0.4); h1 = tanh(a1)
        Assert.Equal(0.537049567f, result.Quantity(0, "hidden", 0), Tolerance);
        Assert.Equal(-0.379948962f, result.Quantity(0, "hidden", 1), Tolerance);
        // y1 = 0.7·h1[0] − 0.1·h1[1] + 0.3
        Assert.Equal(0.713929593f, result.Y![0, 0, 0], Tolerance);
    }

    [Fact]
    public void Step_2_gives_h2_and_y2()
    {
        // a2 = W_hh h1 + W_xh x2 + b_h = (0.1·h1[0] − 0.3·h1[1] + 0.3 + 0.1, 0.6·h1[0] + 0.2·h1[1] + 0.4 − 0.2) = (0.567690, 0.446240)
        Assert.Equal(0.567690f, result.Quantity(1, "pre_activation", 0), Tolerance);
        Assert.Equal(0.446240f, result.Quantity(1, "pre_activation", 1), Tolerance);
        Assert.Equal(0.513660523f, result.Quantity(1, "hidden", 0), Tolerance);
        Assert.Equal(0.418803341f, result.Quantity(1, "hidden", 1), Tolerance);
        Assert.Equal(0.617682032f, result.Y![0, 1, 0], Tolerance);
    }

    [Fact]
    public void Step_3_gives_h3_and_y3()
    {
        // a3 = W_hh h2 + W_xh x3 + b_h = (0.825725, 0.391957)
        Assert.Equal(0.678173878f, result.Quantity(2, "hidden", 0), Tolerance);
        Assert.Equal(0.373046098f, result.Quantity(2, "hidden", 1), Tolerance);
        Assert.Equal(0.737417105f, result.Y![0, 2, 0], Tolerance);
    }

    [Fact]
    public void Final_state_is_h3()
    {
        Assert.Equal(0.678173878f, result.HiddenState[0, 0, 0], Tolerance);
        Assert.Equal(0.373046098f, result.HiddenState[0, 0, 1], Tolerance);
    }

    [Fact]
    public void Without_a_loss_there_are_no_gradients()
    {
        Assert.Null(result.Loss);
        Assert.Empty(result.Gradients);
        Assert.All(result.Steps, step => Assert.Null(step.HiddenGrad));
    }
}
