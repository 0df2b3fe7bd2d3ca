using Recurrent.Autograd;
using Recurrent.Recurrence;
using static Recurrent.Tests.Autograd.OpAssert;

namespace Recurrent.Tests.Autograd;

/// <summary>The weight gradients a backward pass gathers from calls with few rows (decoder steps) and adds when it ends.</summary>
public class WeightGradientRowsTests
{
    [Fact]
    public void A_linear_layer_stepped_over_small_batches_gets_the_sum_of_every_steps_weight_gradient()
    {
        var rng = new Rng(41);
        var weight = Parameter(rng, "w", 5, 3);
        var steps = Enumerable.Range(0, 4).Select(_ => Random(rng, 2, 3)).ToArray();
        using (new Tape())
        {
            var total = steps.Select(x => Ops.Sum(Ops.Tanh(Ops.Linear(new Variable(x), weight)))).Aggregate(Ops.Add);
            total.Backward();
        }

        // dW = Σ_t (1 − tanh²(x_t Wᵀ))ᵀ · x_t, step by step.
        var expected = new float[15];
        foreach (var x in steps)
            for (int row = 0; row < 2; row++)
                for (int o = 0; o < 5; o++)
                {
                    float pre = 0;
                    for (int i = 0; i < 3; i++) pre += x[row, i] * weight.Value[o, i];
                    float slope = 1 - MathF.Tanh(pre) * MathF.Tanh(pre);
                    for (int i = 0; i < 3; i++) expected[o * 3 + i] += slope * x[row, i];
                }
        Equal(expected, weight.Grad!);
    }

    [Fact]
    public void A_recurrent_layer_stepped_one_step_at_a_time_matches_finite_differences()
    {
        var rng = new Rng(42);
        var layer = new RecurrentLayer(new RecurrentOptions { Cell = CellKind.Gru, InputSize = 3, HiddenSize = 4 }, rng);
        var inputs = Enumerable.Range(0, 3).Select(_ => Random(rng, 2, 1, 3)).ToArray();
        MatchesFiniteDifferences(() =>
        {
            Variable? state = null;
            Variable? total = null;
            foreach (var x in inputs)
            {
                var result = layer.Forward(new Variable(x), h0: state);
                state = result.HiddenState;
                var stepSum = Ops.Sum(result.Output);
                total = total is null ? stepSum : Ops.Add(total, stepSum);
            }
            return total!;
        }, layer.Parameters().ToArray());
    }

    [Fact]
    public void A_weight_that_is_an_ops_result_gets_its_gradient_before_its_own_backward_step_reads_it()
    {
        var rng = new Rng(43);
        var raw = Parameter(rng, "raw", 4, 3);
        var x = new Variable(Random(rng, 2, 3));
        MatchesFiniteDifferences(() => Ops.Sum(Ops.Tanh(Ops.Linear(x, Ops.Tanh(raw)))), raw);
    }

    [Fact]
    public void Rows_gathered_by_a_failed_backward_pass_are_not_added_by_the_next()
    {
        var rng = new Rng(44);
        var weight = Parameter(rng, "w", 3, 2);
        var x = new Variable(Random(rng, 2, 2));
        using (new Tape())
        {
            var y = Ops.Sum(Ops.Linear(x, weight));
            var failing = Tape.Record(new Tensor(y.Shape), y, _ => () => throw new InvalidOperationException("fails"));
            Assert.Throws<InvalidOperationException>(() => Ops.Add(Ops.Sum(Ops.Linear(x, weight)), failing).Backward());
            weight.ZeroGrad();
            Ops.Sum(Ops.Linear(x, weight)).Backward(); // the same tape: its gathered rows must start empty
        }

        // d Σ (x Wᵀ) / dW[o, i] = Σ_rows x[row, i]
        var expected = new float[6];
        for (int o = 0; o < 3; o++)
            for (int i = 0; i < 2; i++)
                expected[o * 2 + i] = x.Value[0, i] + x.Value[1, i];
        Equal(expected, weight.Grad!);
    }
}
