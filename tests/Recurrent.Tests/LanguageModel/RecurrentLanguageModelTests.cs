using Recurrent.Autograd;
using Recurrent.Recurrence;
using Recurrent.Tasks.LanguageModel;

namespace Recurrent.Tests.LanguageModel;

public class RecurrentLanguageModelTests
{
    [Theory]
    [InlineData(CellKind.Lstm)]
    [InlineData(CellKind.Gru)]
    [InlineData(CellKind.Elman)]
    public void State_carried_across_windows_gives_the_same_scores_as_one_long_pass(CellKind cell)
    {
        var model = LanguageModelFixture.Model(cell);
        model.Eval();
        int batch = 2, steps = 5;
        var tokens = LanguageModelFixture.RandomTokens(batch * 2 * steps, 11); // [B, 2T]
        var (whole, _) = model.Forward(tokens, batch, 2 * steps);              // [B·2T, V]

        var first = Window(tokens, batch, 2 * steps, 0, steps);
        var second = Window(tokens, batch, 2 * steps, steps, steps);
        var (logits1, state) = model.Forward(first, batch, steps);
        var (logits2, _) = model.Forward(second, batch, steps, state.Detach());

        int v = 11;
        for (int b = 0; b < batch; b++)
            for (int t = 0; t < 2 * steps; t++)
            {
                var expected = whole.Value.ReadOnlySpan.Slice((b * 2 * steps + t) * v, v);
                var actual = (t < steps ? logits1 : logits2).Value.ReadOnlySpan.Slice((b * steps + t % steps) * v, v);
                for (int i = 0; i < v; i++) Assert.Equal(expected[i], actual[i], 5);
            }
    }

    private static int[] Window(int[] tokens, int batch, int length, int start, int steps) =>
        Enumerable.Range(0, batch).SelectMany(b => tokens.Skip(b * length + start).Take(steps)).ToArray();

    [Fact]
    public void A_detached_state_passes_no_gradient_into_the_previous_window()
    {
        var model = LanguageModelFixture.Model();
        var tokens = LanguageModelFixture.RandomTokens(2 * 4, 11);
        var targets = LanguageModelFixture.RandomTokens(2 * 4, 11, seed: 2);

        Tensor? GradientAtStart(bool detach)
        {
            var h0 = new Variable(new Tensor(2, 2, 12), requiresGrad: true);
            var c0 = new Variable(new Tensor(2, 2, 12), requiresGrad: true);
            using var tape = new Tape();
            var (_, state) = model.Forward(tokens, 2, 4, new LanguageModelState(h0, c0));
            var (logits, _) = model.Forward(tokens, 2, 4, detach ? state.Detach() : state);
            Ops.CrossEntropy(logits, targets).Backward();
            return h0.Grad;
        }

        Assert.NotNull(GradientAtStart(detach: false));
        Assert.Null(GradientAtStart(detach: true));
    }

    [Fact]
    public void Tied_weights_are_one_variable_saved_once()
    {
        var model = LanguageModelFixture.Model(tied: true);
        Assert.Same(model.Embedding.Weight, model.Output.Weight);
        var names = model.NamedParameters().Select(p => p.Name).ToList();
        Assert.Contains("embedding.weight", names);
        Assert.Contains("output.bias", names);
        Assert.DoesNotContain("output.weight", names);
        Assert.Single(model.TrainableParameters(), p => ReferenceEquals(p, model.Embedding.Weight));

        // Both uses add to the one gradient: the embedding rows of tokens never read still get the output layer's gradient.
        using var tape = new Tape();
        var (logits, _) = model.Forward([1, 2, 1], 1, 3);
        Ops.CrossEntropy(logits, [2, 1, 2]).Backward();
        var grad = model.Embedding.Weight.Grad!;
        Assert.Contains(grad.ReadOnlySpan.Slice(5 * 12, 12).ToArray(), g => g != 0f);
    }

    [Fact]
    public void Tied_weights_need_the_embedding_as_wide_as_the_hidden_state()
    {
        var error = Assert.Throws<ArgumentException>(() => new LanguageModelOptions
        {
            VocabularySize = 10, EmbeddingDimension = 64, HiddenSize = 256, TieWeights = true,
        }.Validate());
        Assert.Contains("LanguageModelOptions.EmbeddingDimension 256", error.Message);
    }

    [Theory]
    [InlineData(CellKind.Lstm, false)]
    [InlineData(CellKind.Gru, false)]
    [InlineData(CellKind.Elman, true)]
    public void The_stepper_gives_the_scores_of_the_full_forward_pass(CellKind cell, bool tied)
    {
        var model = LanguageModelFixture.Model(cell, tied: tied);
        model.Eval();
        var tokens = LanguageModelFixture.RandomTokens(9, 11);
        var (logits, _) = model.Forward(tokens, 1, tokens.Length);

        var state = new LanguageModelStepper(model).Begin(1);
        var scores = new float[11];
        for (int t = 0; t < tokens.Length; t++)
        {
            state.Step([tokens[t]], scores);
            var expected = logits.Value.ReadOnlySpan.Slice(t * 11, 11);
            for (int i = 0; i < 11; i++) Assert.Equal(expected[i], scores[i], 4);
        }
    }

    /// <summary>The stepper runs the cell's own generation step, so an Elman model's activation is the one it was trained with.</summary>
    [Theory]
    [InlineData(Nonlinearity.Relu)]
    [InlineData(Nonlinearity.Sigmoid)]
    [InlineData(Nonlinearity.Identity)]
    public void The_stepper_of_an_elman_model_applies_its_nonlinearity(Nonlinearity nonlinearity)
    {
        var model = new RecurrentLanguageModel(new LanguageModelOptions
        {
            Cell = CellKind.Elman, Nonlinearity = nonlinearity, VocabularySize = 11, EmbeddingDimension = 6, HiddenSize = 20, NumLayers = 2,
        }, new Rng(3));
        model.Eval();
        var tokens = LanguageModelFixture.RandomTokens(9, 11);
        var (logits, _) = model.Forward(tokens, 1, tokens.Length);

        var state = new LanguageModelStepper(model).Begin(1);
        var scores = new float[11];
        for (int t = 0; t < tokens.Length; t++)
        {
            state.Step([tokens[t]], scores);
            var expected = logits.Value.ReadOnlySpan.Slice(t * 11, 11);
            for (int i = 0; i < 11; i++) Assert.Equal(expected[i], scores[i], 4);
        }
    }

    [Fact]
    public void Reordering_stepper_rows_copies_their_states()
    {
        var model = LanguageModelFixture.Model();
        var stepper = new LanguageModelStepper(model);
        var pair = stepper.Begin(2);
        var scores = new float[2 * 11];
        pair.Step([3, 7], scores);
        pair.Reorder([1, 1, 0]);
        var tripled = new float[3 * 11];
        pair.Step([4, 4, 4], tripled);

        var alone = stepper.Begin(1);
        var single = new float[11];
        alone.Step([7], single);
        alone.Step([4], single);
        Assert.Equal(single, tripled.AsSpan(0, 11).ToArray());
        Assert.Equal(single, tripled.AsSpan(11, 11).ToArray());
        Assert.NotEqual(single, tripled.AsSpan(22, 11).ToArray());
    }
}
