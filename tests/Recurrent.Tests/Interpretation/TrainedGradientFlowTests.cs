using Recurrent.Autograd;
using Recurrent.Interpretation;
using Recurrent.Recurrence;
using Recurrent.Tasks.Classification;
using Recurrent.Tasks.LanguageModel;

namespace Recurrent.Tests.Interpretation;

public class TrainedGradientFlowTests
{
    private static readonly int[] Text = [1, 2, 3, 4, 5, 6, 7, 2];

    /// <summary>A fresh one-layer classifier with mean pooling and a dense layer, so L reaches h_t both through pooling and later steps.</summary>
    private static TextClassifier Classifier(CellKind cell) => new(new TextClassifierOptions
    {
        VocabularySize = 8, ClassCount = 3, EmbeddingDimension = 4, EmbeddingInitStd = 1f, Cell = cell, HiddenSize = 5,
        Pooling = Pooling.Mean, DenseLayers = [4],
    }, new Rng(11));

    [Theory]
    [InlineData(CellKind.Elman)]
    [InlineData(CellKind.Lstm)]
    [InlineData(CellKind.Gru)]
    public void The_loss_gradient_at_each_step_matches_central_differences_through_pooling_dense_layer_and_later_steps(CellKind cell)
    {
        var classifier = Classifier(cell);

        var measured = TrainedGradientFlow.Measure(classifier, Text, target: 2);

        var reference = new FiniteDifferenceLoss(classifier, Text, target: 2);
        Assert.Equal(-Math.Log(measured.Probability), measured.Loss, 5);
        for (int t = 0; t < Text.Length; t++)
        {
            double expected = reference.GradientNorm(t);
            Assert.True(expected > 1e-4, $"step {t}: the reference gradient {expected} is too small to compare");
            Assert.Equal(expected, measured.Flow.Steps[t].LossGradientNorm, expected * 2e-3);
        }
    }

    [Fact]
    public void The_Jacobians_of_a_one_layer_classifier_are_those_of_its_encoder_on_the_embedded_text()
    {
        var classifier = Classifier(CellKind.Lstm);
        Tensor embedded;
        using (Tape.NoGrad()) embedded = classifier.Embed(Text, 1, Text.Length).Value;

        var trained = TrainedGradientFlow.Measure(classifier, Text).Flow;
        var encoder = GradientFlow.Measure(classifier.Encoder, embedded, new Tensor(5));

        Assert.Equal(Text.Length, trained.Steps.Count);
        for (int t = 0; t < Text.Length; t++)
        {
            Assert.Equal(Text.Length - 1 - t, trained.Steps[t].Distance);
            Assert.Equal(encoder.Steps[t].Jacobian.ReadOnlySpan.ToArray(), trained.Steps[t].Jacobian.ReadOnlySpan.ToArray());
        }
        Assert.Equal(1.0, trained.AtDistance(0).JacobianNorm, 6);
        Assert.Equal(GradientFlow.RecurrentSpectra(classifier.Encoder), trained.RecurrentSpectra);
    }

    [Fact]
    public void Without_a_target_the_loss_is_that_of_the_predicted_class()
    {
        var classifier = Classifier(CellKind.Gru);
        float[] logits;
        using (Tape.NoGrad()) logits = classifier.Forward(Text, 1, Text.Length, [Text.Length]).Value.ReadOnlySpan.ToArray();
        int predicted = Array.IndexOf(logits, logits.Max());
        double probability = 1 / logits.Sum(logit => Math.Exp(logit - logits[predicted]));

        var flow = TrainedGradientFlow.Measure(classifier, Text);

        Assert.Equal(predicted, flow.Target);
        Assert.Equal(probability, flow.Probability, 5);
        Assert.Equal(-Math.Log(probability), flow.Loss, 5);
    }

    [Fact]
    public void A_bidirectional_two_layer_classifier_measures_the_first_layers_forward_states_and_leaves_the_gradients_as_found()
    {
        var classifier = new TextClassifier(new TextClassifierOptions
        {
            VocabularySize = 8, ClassCount = 2, EmbeddingDimension = 4, Cell = CellKind.Elman, HiddenSize = 3, NumLayers = 2,
            Bidirectional = true, Pooling = Pooling.Last,
        }, new Rng(5));
        var output = classifier.GetParameter("output.weight");
        output.AccumulateGrad(Enumerable.Repeat(0.5f, output.Value.Size).ToArray());

        var flow = TrainedGradientFlow.Measure(classifier, Text).Flow;

        Assert.Equal(Text.Length, flow.Steps.Count);
        Assert.All(flow.Steps, step => Assert.True(step.LossGradientNorm > 0, $"step {step.Time} got no gradient"));
        Assert.All(flow.Steps, step => Assert.True(step.JacobianNorm <= step.BoundProduct!.Value * (1 + 1e-4), $"step {step.Time} above its bound"));
        Assert.All(output.Grad!.ReadOnlySpan.ToArray(), value => Assert.Equal(0.5f, value));
        Assert.All(classifier.Parameters().Where(p => p != output), p => Assert.True(p.Grad is null || p.Grad.ReadOnlySpan.IndexOfAnyExcept(0f) < 0));
    }

    [Fact]
    public void An_empty_text_and_a_target_outside_the_classes_are_refused_naming_the_argument()
    {
        var classifier = Classifier(CellKind.Elman);

        Assert.Equal("ids", Assert.Throws<ArgumentException>(() => TrainedGradientFlow.Measure(classifier, [])).ParamName);
        var error = Assert.Throws<ArgumentException>(() => TrainedGradientFlow.Measure(classifier, Text, target: 3));
        Assert.Equal("target", error.ParamName);
        Assert.Contains("[0, 3)", error.Message);
    }

    [Theory]
    [InlineData(CellKind.Lstm)]
    [InlineData(CellKind.Gru)]
    public void A_language_models_loss_of_the_last_token_matches_central_differences_at_each_step_it_read(CellKind cell)
    {
        var model = new RecurrentLanguageModel(new LanguageModelOptions
        {
            VocabularySize = 8, EmbeddingDimension = 4, HiddenSize = 5, NumLayers = 1, Cell = cell,
        }, new Rng(13));

        var measured = TrainedGradientFlow.Measure(model, Text);

        Assert.Equal(Text[^1], measured.Target);
        Assert.Equal(Text.Length - 1, measured.Flow.Steps.Count);
        Assert.Equal(-Math.Log(measured.Probability), measured.Loss, 5);
        var reference = new LastTokenLoss(model, Text);
        for (int t = 0; t < Text.Length - 1; t++)
        {
            double expected = reference.GradientNorm(t);
            Assert.True(expected > 1e-5, $"step {t}: the reference gradient {expected} is too small to compare");
            Assert.Equal(expected, measured.Flow.Steps[t].LossGradientNorm, expected * 2e-3);
        }
    }

    [Fact]
    public void A_language_model_needs_a_token_to_read_and_one_to_predict()
    {
        var model = new RecurrentLanguageModel(new LanguageModelOptions { VocabularySize = 8, HiddenSize = 4, NumLayers = 1 }, new Rng(1));

        var error = Assert.Throws<ArgumentException>(() => TrainedGradientFlow.Measure(model, [3]));
        Assert.Equal("ids", error.ParamName);
    }

    /// <summary>
    /// −log p(x_T | x_0 … x_{T−1}) of a one-layer language model as a function of its state h_t, outside the tape: the states up
    /// to t from its layer on the first t + 1 tokens, the rest from the layer started at h_t (and c_t), then the output layer.
    /// </summary>
    private sealed class LastTokenLoss(RecurrentLanguageModel model, int[] ids)
    {
        private const float Epsilon = 1e-2f;

        /// <summary>‖∂L/∂h_t‖ by central differences.</summary>
        public double GradientNorm(int t)
        {
            using var noGrad = Tape.NoGrad();
            int read = ids.Length - 1;
            var embedded = model.Embedding.Forward(ids[..read], [1, read]).Value; // [1, T, E]
            int features = embedded.Dim(2);
            Variable Steps(int start, int count) =>
                new(new Tensor(embedded.ReadOnlySpan.Slice(start * features, count * features).ToArray(), 1, count, features));
            var prefix = model.Rnn.Forward(Steps(0, t + 1));
            var state = prefix.HiddenState.Value.ReadOnlySpan.ToArray(); // h_t [1, 1, H]
            double Loss(int unit, float shift)
            {
                var shifted = (float[])state.Clone();
                shifted[unit] += shift;
                var last = new Tensor(shifted, 1, shifted.Length);
                if (t < read - 1)
                    last = model.Rnn.Forward(Steps(t + 1, read - 1 - t), h0: new Variable(new Tensor(shifted, 1, 1, shifted.Length)),
                        c0: prefix.CellState).HiddenState.Value.Reshape(1, shifted.Length);
                var logits = model.Output.Forward(new Variable(last)).Value.ReadOnlySpan.ToArray();
                double largest = logits.Max();
                return -(logits[ids[^1]] - largest - Math.Log(logits.Sum(logit => Math.Exp(logit - largest))));
            }
            double sum = 0;
            for (int j = 0; j < state.Length; j++)
            {
                double derivative = (Loss(j, Epsilon) - Loss(j, -Epsilon)) / (2 * Epsilon);
                sum += derivative * derivative;
            }
            return Math.Sqrt(sum);
        }
    }

    /// <summary>
    /// L as a function of the first layer's state h_t, computed outside the tape: the states up to t from the encoder on the
    /// text's first t + 1 tokens, the states after t from the encoder on the rest started at h_t (and c_t), then mean pooling,
    /// the ReLU dense layer and the output layer by hand, in double.
    /// </summary>
    private sealed class FiniteDifferenceLoss(TextClassifier classifier, int[] ids, int target)
    {
        private const float Epsilon = 1e-2f;

        private readonly Tensor embedded = Embedded(classifier, ids);

        /// <summary>‖∂L/∂h_t‖ by central differences.</summary>
        public double GradientNorm(int t)
        {
            using var noGrad = Tape.NoGrad();
            var prefix = classifier.Encoder.Forward(new Variable(Steps(0, t + 1)));
            var state = prefix.HiddenState.Value.ReadOnlySpan.ToArray(); // h_t [1, 1, H]
            double sum = 0;
            for (int j = 0; j < state.Length; j++)
            {
                double derivative = (Loss(t, prefix, state, j, Epsilon) - Loss(t, prefix, state, j, -Epsilon)) / (2 * Epsilon);
                sum += derivative * derivative;
            }
            return Math.Sqrt(sum);
        }

        private double Loss(int t, RecurrentResult prefix, float[] state, int unit, float shift)
        {
            int hidden = state.Length, steps = ids.Length;
            var shifted = (float[])state.Clone();
            shifted[unit] += shift;
            var pooled = new double[hidden];
            var before = prefix.Output.Value.ReadOnlySpan; // [1, t + 1, H]: o_0 … o_t
            for (int s = 0; s < t; s++)
                for (int j = 0; j < hidden; j++) pooled[j] += before[s * hidden + j];
            for (int j = 0; j < hidden; j++) pooled[j] += shifted[j];
            if (t < steps - 1)
            {
                var rest = classifier.Encoder.Forward(new Variable(Steps(t + 1, steps - 1 - t)), h0: new Variable(new Tensor(shifted, 1, 1, hidden)),
                    c0: prefix.CellState).Output.Value.ReadOnlySpan;
                for (int s = 0; s < steps - 1 - t; s++)
                    for (int j = 0; j < hidden; j++) pooled[j] += rest[s * hidden + j];
            }
            var features = pooled.Select(value => value / steps).ToArray();
            features = Affine("dense0", features).Select(value => Math.Max(0, value)).ToArray();
            var logits = Affine("output", features);
            double largest = logits.Max();
            return -(logits[target] - largest - Math.Log(logits.Sum(logit => Math.Exp(logit - largest))));
        }

        /// <summary>W x + b of the Linear layer <paramref name="name"/> (weight [out, in]).</summary>
        private double[] Affine(string name, double[] x)
        {
            var weight = classifier.GetParameter($"{name}.weight").Value;
            var bias = classifier.GetParameter($"{name}.bias").Value.ReadOnlySpan;
            var y = new double[weight.Dim(0)];
            for (int i = 0; i < y.Length; i++)
            {
                y[i] = bias[i];
                for (int j = 0; j < x.Length; j++) y[i] += weight[i, j] * x[j];
            }
            return y;
        }

        /// <summary>[1, count, E]: the embedded tokens start … start + count − 1.</summary>
        private Tensor Steps(int start, int count)
        {
            int features = embedded.Dim(2);
            return new Tensor(embedded.ReadOnlySpan.Slice(start * features, count * features).ToArray(), 1, count, features);
        }

        private static Tensor Embedded(TextClassifier classifier, int[] ids)
        {
            using var noGrad = Tape.NoGrad();
            return classifier.Embed(ids, 1, ids.Length).Value;
        }
    }
}
