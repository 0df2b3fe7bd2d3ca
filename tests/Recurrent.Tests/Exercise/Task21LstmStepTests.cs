using Recurrent.Interpretation;

namespace Recurrent.Tests.Exercise;

/// <summary>
/// Sheet 4, task 2.1: one LSTM step, W_gate = [w_h, w_x] on [h_{t−1}, x_t] with h_{t−1} = 0.5, x_t = 1.0,
/// C_{t−1} = 0.3. Expected values computed by hand (and checked once in float64).
/// </summary>
public class Task21LstmStepTests
{
    private const float Tolerance = 2e-6f;
    private readonly TraceResult result = ExerciseSpec.Run("exercise-2-1.json");

    [Fact]
    public void Forget_gate_is_sigmoid_of_0_7()
    {
        // f = σ(0.2·0.5 + 0.1·1.0 + 0.5) = σ(0.7)
        Assert.Equal(0.668187772f, result.Quantity(0, "forget_gate"), Tolerance);
    }

    [Fact]
    public void Input_gate_is_sigmoid_of_0_75()
    {
        // i = σ(0.3·0.5 + 0.4·1.0 + 0.2) = σ(0.75)
        Assert.Equal(0.679178699f, result.Quantity(0, "input_gate"), Tolerance);
    }

    [Fact]
    public void Cell_candidate_is_tanh_of_0_65()
    {
        // C̃ = tanh(0.1·0.5 + 0.5·1.0 + 0.1) = tanh(0.65)
        Assert.Equal(0.571669966f, result.Quantity(0, "cell_candidate"), Tolerance);
    }

    [Fact]
    public void Output_gate_is_sigmoid_of_0_7()
    {
        // o = σ(0.4·0.5 + 0.2·1.0 + 0.3) = σ(0.7)
        Assert.Equal(0.668187772f, result.Quantity(0, "output_gate"), Tolerance);
    }

    [Fact]
    public void Cell_state_keeps_part_of_the_old_and_adds_part_of_the_candidate()
    {
        // C = f·C_{t−1} + i·C̃ = 0.668188·0.3 + 0.679179·0.571670
        Assert.Equal(0.588722396f, result.Quantity(0, "cell"), Tolerance);
        Assert.Equal(0.588722396f, result.CellState![0, 0, 0], Tolerance);
    }

    [Fact]
    public void Hidden_state_is_output_gate_times_tanh_of_cell()
    {
        // h = o·tanh(C) = 0.668188·tanh(0.588722)
        Assert.Equal(0.353455374f, result.Quantity(0, "hidden"), Tolerance);
        Assert.Equal(0.353455374f, result.HiddenState[0, 0, 0], Tolerance);
    }
}
