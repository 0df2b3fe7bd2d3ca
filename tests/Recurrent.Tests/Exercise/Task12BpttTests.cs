using Recurrent.Interpretation;

namespace Recurrent.Tests.Exercise;

/// <summary>
/// Sheet 4, task 1.2: one hidden unit, W_xh = 0.5, W_hh = 0.8, W_hy = 1.0, no biases, h_0 = 0, x = 1, 0, 1,
/// L3 = ½ (y3 − 1)². Expected values computed by hand (and checked once in float64 with PyTorch autograd).
/// </summary>
public class Task12BpttTests
{
    private const float Tolerance = 2e-6f;
    private const double Wxh = 0.5, Whh = 0.8, Why = 1.0;
    private readonly TraceResult result = ExerciseSpec.Run("exercise-1-2.json");

    [Fact]
    public void Forward_pass_gives_h_and_y()
    {
        // h1 = tanh(0.5·1) ; h2 = tanh(0.8·h1 + 0.5·0) ; h3 = tanh(0.8·h2 + 0.5·1) ; y_t = 1.0·h_t
        float[] expected = [0.462117157f, 0.353723789f, 0.654413269f];
        for (int t = 0; t < 3; t++)
        {
            Assert.Equal(expected[t], result.Quantity(t, "hidden"), Tolerance);
            Assert.Equal(expected[t], result.Y![0, t, 0], Tolerance);
        }
        // L3 = ½ (0.654413 − 1)²
        Assert.Equal(0.059715094f, result.Loss!.Value, Tolerance);
    }

    [Fact]
    public void Gradient_of_L3_with_respect_to_W_hy_is_error_times_h3()
    {
        // ∂L3/∂W_hy = (y3 − 1) · h3 = −0.345587 · 0.654413
        Assert.Equal(-0.226156542f, result.Gradient("output.weight")[0, 0], Tolerance);
    }

    [Fact]
    public void Gradient_of_L3_with_respect_to_h3_is_the_hidden_grad_at_t3()
    {
        // ∂L3/∂h3 = (y3 − 1) · W_hy
        var hiddenGrad = result.Steps.Single(s => s.Time == 2).HiddenGrad!;
        Assert.Equal(-0.345586731f, hiddenGrad[0, 0], Tolerance);
    }

    [Fact]
    public void Gradient_of_L3_with_respect_to_W_hh_matches_the_hand_derivation()
    {
        // ∂L3/∂W_hh = −0.133798184 (sum over time of ∂L3/∂a_t · h_{t−1}).
        Assert.Equal(-0.133798184f, result.Gradient("weight_hh_l0")[0, 0], Tolerance);
    }

    [Fact]
    public void Gradient_of_L3_with_respect_to_W_hh_is_the_chain_rule_sum_over_time()
    {
        double h0 = 0, h1 = result.Quantity(0, "hidden"), h2 = result.Quantity(1, "hidden"), h3 = result.Quantity(2, "hidden");
        double y3 = Why * h3;
        double dL3_dh3 = (y3 - 1) * Why;
        double dh3_dh2 = (1 - h3 * h3) * Whh;  // h3 = tanh(W_hh h2 + W_xh x3)
        double dh2_dh1 = (1 - h2 * h2) * Whh;
        // "∂h_t/∂W_hh" below is the immediate partial, with h_{t−1} held fixed: (1 − h_t²) · h_{t−1}.
        double dh3_dWhh = (1 - h3 * h3) * h2;
        double dh2_dWhh = (1 - h2 * h2) * h1;
        double dh1_dWhh = (1 - h1 * h1) * h0; // zero: h_0 = 0

        // The sheet's formula (d) has the two paths through h2 and h1 ...
        double sheetTerms = dL3_dh3 * dh3_dh2 * dh2_dWhh + dL3_dh3 * dh3_dh2 * dh2_dh1 * dh1_dWhh;
        // ... but W_hh also acts directly in step 3; the sheet omits this term, which is the largest of the three.
        double directTerm = dL3_dh3 * dh3_dWhh;

        Assert.Equal(directTerm + sheetTerms, result.Gradient("weight_hh_l0")[0, 0], 1e-6);
        Assert.True(Math.Abs(sheetTerms - result.Gradient("weight_hh_l0")[0, 0]) > 0.05, "the sheet's two terms alone miss the direct term");
        Assert.Equal(-0.133798184, directTerm + sheetTerms, 1e-6);
    }

    [Fact]
    public void Hidden_grad_flows_back_through_W_hh_and_the_tanh_derivative()
    {
        // ∂L3/∂h2 = ∂L3/∂h3 · (1 − h3²) · W_hh ; ∂L3/∂h1 = ∂L3/∂h2 · (1 − h2²) · W_hh: shrinking at each step back.
        float[] expected = [-0.110633418f, -0.158069511f, -0.345586731f];
        for (int t = 0; t < 3; t++)
            Assert.Equal(expected[t], result.Steps.Single(s => s.Time == t).HiddenGrad![0, 0], Tolerance);
    }

    [Fact]
    public void Gradient_of_L3_with_respect_to_W_xh_sums_over_all_three_steps()
    {
        // ∂L3/∂W_xh = Σ_t ∂L3/∂a_t · x_t (x2 = 0 drops step 2)
        Assert.Equal(-0.284594290f, result.Gradient("weight_ih_l0")[0, 0], Tolerance);
    }
}
