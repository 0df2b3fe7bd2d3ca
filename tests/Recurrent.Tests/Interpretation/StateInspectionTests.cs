using Recurrent.Autograd;
using Recurrent.Interpretation;
using Recurrent.Recurrence;
using Recurrent.Tasks.Classification;
using static Recurrent.Tests.Interpretation.InspectionSamples;

namespace Recurrent.Tests.Interpretation;

public sealed class StateInspectionTests
{
    [Theory]
    [InlineData(CellKind.Lstm)]
    [InlineData(CellKind.Gru)]
    [InlineData(CellKind.GruResetBefore)]
    [InlineData(CellKind.Elman)]
    public void Traced_hidden_states_of_the_last_layer_equal_the_fused_forward_outputs(CellKind cell)
    {
        var layer = Layer(cell, layers: 2, bidirectional: true);
        var input = Sequence(6);

        var inspection = StateInspection.Of(layer, input);
        var fused = layer.Forward(new Variable(input)).Output.Value; // [1, T, 2H]

        var (forward, reverse) = (inspection.Layers[2], inspection.Layers[3]);
        for (int t = 0; t < 6; t++)
        {
            for (int unit = 0; unit < 4; unit++)
            {
                Assert.Equal(fused[0, t, unit], forward.Hidden[t, unit], 1e-5f);
                Assert.Equal(fused[0, t, 4 + unit], reverse.Hidden[t, unit], 1e-5f);
            }
        }
    }

    [Theory]
    [InlineData(CellKind.Lstm)]
    [InlineData(CellKind.Gru)]
    [InlineData(CellKind.Elman)]
    public void Every_layer_and_direction_ends_in_the_fused_final_state_forward_at_the_last_step_reverse_at_the_first(CellKind cell)
    {
        var layer = Layer(cell, layers: 2, bidirectional: true);
        var input = Sequence(6);

        var inspection = StateInspection.Of(layer, input);
        var fused = layer.Forward(new Variable(input)); // h_n [L·D, 1, H], c_n for the LSTM

        for (int index = 0; index < 4; index++)
        {
            var states = inspection.Layers[index];
            Assert.Equal((index / 2, index % 2), (states.Layer, states.Direction));
            int last = states.Direction == 0 ? 5 : 0;
            for (int unit = 0; unit < 4; unit++)
            {
                Assert.Equal(fused.HiddenState.Value[index, 0, unit], states.Hidden[last, unit], 1e-5f);
                if (fused.CellState is { } cellState) Assert.Equal(cellState.Value[index, 0, unit], states.Cell![last, unit], 1e-5f);
            }
        }
    }

    [Fact]
    public void Lstm_gates_are_i_f_C_tilde_o_each_T_by_H_beside_h_and_c()
    {
        var inspection = Lstm(steps: 5);

        var states = Assert.Single(inspection.Layers);
        Assert.Equal(["i", "f", "C̃", "o"], states.Gates.Select(gate => gate.Gate.Symbol));
        Assert.Equal(["input_gate", "forget_gate", "cell_candidate", "output_gate"], states.Gates.Select(gate => gate.Gate.TraceKey));
        Assert.All(states.Gates, gate => Assert.Equal([5, 4], gate.Values.Shape));
        Assert.Equal([5, 4], states.Hidden.Shape);
        Assert.Equal([5, 4], states.Cell!.Shape);
        Assert.Equal(inspection.Tokens, Tokens(5));
    }

    [Fact]
    public void Lstm_rows_line_up_in_time_h_is_o_times_tanh_c_and_c_is_f_c_before_plus_i_C_tilde()
    {
        var states = Lstm(steps: 5, bidirectional: true).Layers[1]; // the reverse direction: c_{t+1} comes before c_t
        var (i, f, g, o) = (states.Gates[0].Values, states.Gates[1].Values, states.Gates[2].Values, states.Gates[3].Values);

        for (int t = 0; t < 5; t++)
        {
            for (int unit = 0; unit < 4; unit++)
            {
                float previous = t == 4 ? 0f : states.Cell![t + 1, unit];
                Assert.Equal(f[t, unit] * previous + i[t, unit] * g[t, unit], states.Cell![t, unit], 1e-6f);
                Assert.Equal(o[t, unit] * MathF.Tanh(states.Cell[t, unit]), states.Hidden[t, unit], 1e-6f);
            }
        }
    }

    [Theory]
    [InlineData(CellKind.Gru)]
    [InlineData(CellKind.GruResetBefore)]
    public void Gru_gates_are_r_z_n_tilde_and_there_is_no_cell_state(CellKind cell)
    {
        var inspection = StateInspection.Of(Layer(cell), Sequence(4));

        var states = Assert.Single(inspection.Layers);
        Assert.Equal(["r", "z", "ñ"], states.Gates.Select(gate => gate.Gate.Symbol));
        Assert.Equal([GateActivation.Sigmoid, GateActivation.Sigmoid, GateActivation.Tanh], states.Gates.Select(gate => gate.Gate.Activation));
        Assert.All(states.Gates, gate => Assert.Equal([4, 4], gate.Values.Shape));
        Assert.Null(states.Cell);
        // h_t = (1 − z_t) ⊙ n_t + z_t ⊙ h_{t−1}
        var (z, n) = (states.Gates[1].Values, states.Gates[2].Values);
        for (int t = 0; t < 4; t++)
            for (int unit = 0; unit < 4; unit++)
                Assert.Equal((1 - z[t, unit]) * n[t, unit] + z[t, unit] * (t == 0 ? 0f : states.Hidden[t - 1, unit]), states.Hidden[t, unit], 1e-6f);
    }

    [Theory]
    [InlineData(CellKind.Elman)]
    [InlineData(CellKind.Jordan)]
    public void Elman_and_Jordan_have_hidden_states_and_no_gates(CellKind cell)
    {
        var inspection = StateInspection.Of(Layer(cell, layers: 2), Sequence(3));

        Assert.Equal(2, inspection.Layers.Count);
        Assert.All(inspection.Layers, states =>
        {
            Assert.Empty(states.Gates);
            Assert.Empty(states.Saturation);
            Assert.Null(states.Cell);
            Assert.Equal([3, 4], states.Hidden.Shape);
        });
    }

    [Fact]
    public void The_reverse_direction_row_of_the_last_step_is_its_first_step_from_a_zero_state()
    {
        var layer = Layer(CellKind.Elman, bidirectional: true);
        var input = Sequence(4);

        var reverse = StateInspection.Of(layer, input).Layers[1];

        // h_{T−1} = tanh(W_ih x_{T−1} + b_ih + b_hh): the reverse direction starts at the last token with h = 0.
        var weights = layer.Cell(0, direction: 1);
        for (int unit = 0; unit < 4; unit++)
        {
            float pre = weights.InputBias.Value[unit] + weights.RecurrentBias.Value[unit];
            for (int feature = 0; feature < 3; feature++) pre += weights.InputWeight.Value[unit, feature] * input[0, 3, feature];
            Assert.Equal(MathF.Tanh(pre), reverse.Hidden[3, unit], 1e-6f);
        }
    }

    [Fact]
    public void A_time_major_layer_gives_the_same_states_as_a_batch_first_one()
    {
        var input = Sequence(5);

        var batchFirst = StateInspection.Of(Layer(CellKind.Lstm), input);
        var timeMajor = StateInspection.Of(Layer(CellKind.Lstm, batchFirst: false), input);

        Assert.Equal(batchFirst.Layers[0].Hidden.Data, timeMajor.Layers[0].Hidden.Data);
        Assert.Equal(batchFirst.Layers[0].Gates[1].Values.Data, timeMajor.Layers[0].Gates[1].Values.Data);
    }

    [Fact]
    public void Inspecting_inside_an_open_tape_records_nothing_on_it()
    {
        using var tape = new Tape();

        StateInspection.Of(Layer(CellKind.Lstm), Sequence(3));

        Assert.Equal(0, tape.Count);
    }

    [Fact]
    public void Without_tokens_the_steps_are_labelled_by_their_numbers()
    {
        var inspection = StateInspection.Of(Layer(CellKind.Gru), Sequence(3));

        Assert.Equal(["0", "1", "2"], inspection.Tokens);
    }

    [Fact]
    public void An_input_that_is_not_one_sequence_is_refused_naming_its_shape()
    {
        var ex = Assert.Throws<ArgumentException>(() => StateInspection.Of(Layer(CellKind.Lstm), new Tensor(2, 5, 3)));

        Assert.Contains("[2, 5, 3]", ex.Message, StringComparison.Ordinal);
        Assert.Contains("[1, T, 3]", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Token_labels_that_are_not_one_per_step_are_refused()
    {
        var ex = Assert.Throws<ArgumentException>(() => StateInspection.Of(Layer(CellKind.Lstm), Sequence(4), Tokens(3)));

        Assert.Contains("3 token labels for 4 time steps", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_classifier_is_inspected_on_its_embedded_tokens_in_evaluation_mode()
    {
        var classifier = new TextClassifier(new TextClassifierOptions
        {
            VocabularySize = 10, ClassCount = 2, EmbeddingDimension = 3, HiddenSize = 4, NumLayers = 2, Bidirectional = true,
            Cell = CellKind.Gru, Dropout = 0.5f, EmbeddingDropout = 0.5f,
        }, new Rng(3));
        int[] ids = [4, 7, 1];
        var embedded = new Tensor(1, 3, 3);
        for (int t = 0; t < 3; t++)
            classifier.Embedding.Weight.Value.ReadOnlySpan.Slice(ids[t] * 3, 3).CopyTo(embedded.Span.Slice(t * 3, 3));

        var inspection = StateInspection.Of(classifier, ids, ["the", "cat", "sat"]);
        var expected = StateInspection.Of(classifier.Encoder, embedded);

        Assert.True(classifier.Training, "the classifier is left in its mode");
        Assert.Equal(["the", "cat", "sat"], inspection.Tokens);
        Assert.Equal(4, inspection.Layers.Count);
        for (int index = 0; index < 4; index++)
            Assert.Equal(expected.Layers[index].Hidden.Data, inspection.Layers[index].Hidden.Data);
    }
}
