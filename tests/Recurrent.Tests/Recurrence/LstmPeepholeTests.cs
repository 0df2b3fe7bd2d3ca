using Recurrent.Autograd;
using Recurrent.Layers;
using Recurrent.Recurrence;
using static Recurrent.Tests.Recurrence.RecurrentAssert;

namespace Recurrent.Tests.Recurrence;

/// <summary>
/// The LSTM with peepholes (<see cref="CellKind.LstmPeephole"/>): its reference step follows the equations of Gers &amp;
/// Schmidhuber worked by hand, its fused kernel and generation step agree with the reference step, the gradients with
/// finite differences, and with zero peepholes (a new layer) it is the LSTM. The peephole weights are set to random
/// values in each test, so that every peephole term counts.
/// </summary>
public class LstmPeepholeTests
{
    private const float Tolerance = 1e-5f;

    [Fact]
    public void One_step_follows_the_peephole_equations()
    {
        var layer = new RecurrentLayer(new RecurrentOptions { Cell = CellKind.LstmPeephole, InputSize = 1, HiddenSize = 1 });
        float[] inputWeight = [0.5f, -0.3f, 0.8f, 0.2f], recurrentWeight = [0.1f, 0.4f, -0.6f, 0.7f];
        float[] inputBias = [0.05f, 0.1f, -0.05f, 0.2f], recurrentBias = [0f, 0.3f, 0.1f, -0.1f];
        float pi = 0.9f, pf = -0.4f, po = 1.3f;
        layer.GetParameter("weight_ih_l0").Assign(Tensor.FromArray(inputWeight, 4, 1));
        layer.GetParameter("weight_hh_l0").Assign(Tensor.FromArray(recurrentWeight, 4, 1));
        layer.GetParameter("bias_ih_l0").Assign(Tensor.FromArray(inputBias, 4));
        layer.GetParameter("bias_hh_l0").Assign(Tensor.FromArray(recurrentBias, 4));
        layer.GetParameter("weight_pi_l0").Assign(Tensor.FromArray([pi], 1));
        layer.GetParameter("weight_pf_l0").Assign(Tensor.FromArray([pf], 1));
        layer.GetParameter("weight_po_l0").Assign(Tensor.FromArray([po], 1));
        double x = 1.5, hPrev = -0.2, cPrev = 0.6;

        double Pre(int gate) => inputWeight[gate] * x + inputBias[gate] + recurrentWeight[gate] * hPrev + recurrentBias[gate];
        static double Sigmoid(double a) => 1 / (1 + Math.Exp(-a));
        double i = Sigmoid(Pre(0) + pi * cPrev), f = Sigmoid(Pre(1) + pf * cPrev), g = Math.Tanh(Pre(2));
        double c = f * cPrev + i * g;
        double o = Sigmoid(Pre(3) + po * c);
        double h = o * Math.Tanh(c);
        var result = layer.ForwardReference(new Variable(Tensor.FromArray([(float)x], 1, 1, 1)),
            h0: new Variable(Tensor.FromArray([(float)hPrev], 1, 1, 1)), c0: new Variable(Tensor.FromArray([(float)cPrev], 1, 1, 1)));

        Assert.Equal(h, result.Output.Value.Data[0], 1e-6);
        Assert.Equal(c, result.CellState!.Value.Data[0], 1e-6);
    }

    /// <summary>Hidden 5 and 37, two bidirectional layers, unequal lengths, initial states.</summary>
    [Theory]
    [InlineData(5, true)]
    [InlineData(37, false)]
    public void Fused_path_matches_reference_path_in_values_and_gradients(int hidden, bool batchFirst)
    {
        var options = new RecurrentOptions
        {
            Cell = CellKind.LstmPeephole, InputSize = 3, HiddenSize = hidden, NumLayers = 2, Bidirectional = true, BatchFirst = batchFirst,
        };
        var fixture = new RecurrentFixture(options, batch: 5, steps: 6, lengths: [6, 3, 1, 4, 6], withInitialState: true);
        RandomPeepholes(fixture.Layer, seed: 3);

        var reference = fixture.RunWithGradients(fused: false);
        var referenceGradients = fixture.Differentiable().Select(v => GradOf(v).Clone()).ToList();
        var fused = fixture.RunWithGradients(fused: true);

        Close(reference.Output.Value, fused.Output.Value, Tolerance, "outputs");
        Close(reference.HiddenState.Value, fused.HiddenState.Value, Tolerance, "h_n");
        Close(reference.CellState!.Value, fused.CellState!.Value, Tolerance, "c_n");
        var variables = fixture.Differentiable();
        for (int i = 0; i < variables.Count; i++)
            Close(referenceGradients[i], GradOf(variables[i]), Tolerance, "d " + variables[i].Name);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Gradients_match_finite_differences(bool fused)
    {
        var options = new RecurrentOptions { Cell = CellKind.LstmPeephole, InputSize = 3, HiddenSize = 4, NumLayers = 2, Bidirectional = true };
        var fixture = new RecurrentFixture(options, batch: 3, steps: 4, lengths: [4, 2, 3], withInitialState: true, seed: 11);
        RandomPeepholes(fixture.Layer, seed: 4);

        var mismatches = GradientChecker.Check(() => fixture.Loss(fixture.Run(fused)), fixture.Differentiable(),
            epsilon: 1e-2f, absTolerance: 2e-3f, relTolerance: 1e-2f, maxElementsPerInput: 24);

        Assert.True(mismatches.Count == 0, string.Join("\n", mismatches));
    }

    [Fact]
    public void Forward_without_a_tape_gives_the_recorded_values()
    {
        var options = new RecurrentOptions { Cell = CellKind.LstmPeephole, InputSize = 3, HiddenSize = 21, NumLayers = 2, Bidirectional = true };
        int[] lengths = Enumerable.Range(0, 21).Select(b => 1 + b * 7 % 6).ToArray();
        var fixture = new RecurrentFixture(options, batch: 21, steps: 6, lengths, withInitialState: true);
        RandomPeepholes(fixture.Layer, seed: 5);

        var recorded = fixture.RunWithGradients(fused: true);
        var inference = fixture.Run(fused: true);

        Assert.Null(inference.Output.Tape);
        Assert.Equal(recorded.Output.Value.ReadOnlySpan.ToArray(), inference.Output.Value.ReadOnlySpan.ToArray());
        Assert.Equal(recorded.CellState!.Value.ReadOnlySpan.ToArray(), inference.CellState!.Value.ReadOnlySpan.ToArray());
    }

    /// <summary>Hidden 37: the generation step on plain spans, with peepholes, gives the reference step's h_t and c_t.</summary>
    [Fact]
    public void Generation_step_gives_the_reference_step_values()
    {
        const int inputSize = 5, hidden = 37;
        var layer = new RecurrentLayer(new RecurrentOptions { Cell = CellKind.LstmPeephole, InputSize = inputSize, HiddenSize = hidden });
        RandomPeepholes(layer, seed: 6);
        var w = layer.Cell(0);
        var rng = new Rng(5);
        var x = RecurrentFixture.Random(rng, 1f, 1, inputSize);
        var h = RecurrentFixture.Random(rng, 0.5f, 1, hidden);
        var c = RecurrentFixture.Random(rng, 0.5f, 1, hidden);

        var reference = layer.RecurrentCell.Step(new Variable(x), new Variable(h), new Variable(c), w);
        var inputPart = Ops.Linear(new Variable(x), w.InputWeight).Value.ReadOnlySpan.ToArray();         // x W_ihᵀ
        var recurrentPart = Ops.Linear(new Variable(h), w.RecurrentWeight).Value.ReadOnlySpan.ToArray(); // h W_hhᵀ
        var hOut = h.Clone();
        var cOut = c.Clone();
        layer.RecurrentCell.PrepareGeneration(w).Step(inputPart, recurrentPart, hOut.Span, cOut.Span, new float[4 * hidden]);

        Close(reference.Hidden.Value, hOut, Tolerance, "h_t");
        Close(reference.Cell!.Value, cOut, Tolerance, "c_t");
    }

    /// <summary>A new layer's peepholes are zero: it computes what the LSTM with the same four weights computes; set, they change it.</summary>
    [Fact]
    public void With_zero_peepholes_it_is_the_lstm_and_with_peepholes_it_differs()
    {
        var peephole = new RecurrentLayer(new RecurrentOptions { Cell = CellKind.LstmPeephole, InputSize = 3, HiddenSize = 4 });
        var lstm = new RecurrentLayer(new RecurrentOptions { Cell = CellKind.Lstm, InputSize = 3, HiddenSize = 4 });
        foreach (var (name, parameter) in lstm.NamedParameters()) parameter.Assign(peephole.GetParameter(name).Value);
        var input = new Variable(RecurrentFixture.Random(new Rng(2), 1f, 2, 5, 3));

        var zeroPeepholes = peephole.Forward(input).Output.Value.Clone();
        RandomPeepholes(peephole, seed: 7);
        var withPeepholes = peephole.Forward(input).Output.Value.ReadOnlySpan.ToArray();
        var plain = lstm.Forward(input).Output.Value;

        Close(plain, zeroPeepholes, Tolerance, "outputs"); // equal up to rounding: the LSTM's inference kernel sums in another order
        Assert.Contains(withPeepholes.Zip(plain.ReadOnlySpan.ToArray()), pair => Math.Abs(pair.First - pair.Second) > 1e-3f);
    }

    [Fact]
    public void Peephole_weights_are_registered_per_layer_and_direction_with_their_state_dict_names()
    {
        var layer = new RecurrentLayer(new RecurrentOptions { Cell = CellKind.LstmPeephole, InputSize = 3, HiddenSize = 5, NumLayers = 2, Bidirectional = true });

        var peepholes = layer.NamedParameters().Where(p => p.Name.StartsWith("weight_p", StringComparison.Ordinal)).ToList();

        Assert.Equal(["weight_pi_l0", "weight_pf_l0", "weight_po_l0", "weight_pi_l0_reverse", "weight_pf_l0_reverse", "weight_po_l0_reverse",
            "weight_pi_l1", "weight_pf_l1", "weight_po_l1", "weight_pi_l1_reverse", "weight_pf_l1_reverse", "weight_po_l1_reverse"],
            peepholes.Select(p => p.Name));
        Assert.All(peepholes, p => Assert.Equal([5], p.Parameter.Shape));
        Assert.All(peepholes, p => Assert.All(p.Parameter.Value.ReadOnlySpan.ToArray(), value => Assert.Equal(0f, value)));
        Assert.Equal("lstm_peephole", RecurrentCells.NameOf(CellKind.LstmPeephole));
    }

    /// <summary>Every peephole weight of <paramref name="layer"/> drawn from N(0, 0.5²).</summary>
    private static void RandomPeepholes(Module layer, ulong seed)
    {
        var rng = new Rng(seed);
        foreach (var (name, parameter) in layer.NamedParameters())
            if (name.StartsWith("weight_p", StringComparison.Ordinal))
                parameter.Assign(RecurrentFixture.Random(rng, 0.5f, parameter.Shape));
    }
}
