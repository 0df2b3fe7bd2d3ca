using Recurrent.Autograd;
using Recurrent.Recurrence;
using Recurrent.Tasks.Translation;
using Recurrent.Training;

namespace Recurrent.Tests.Translation;

public class TranslationModelTests
{
    private static TranslationModelOptions Tiny(CellKind cell, AttentionKind attention, bool bidirectional = true, int layers = 1,
        bool tie = false, BridgeKind bridge = BridgeKind.Tanh) => new()
    {
        SourceVocabularySize = 9, TargetVocabularySize = 8, Cell = cell, EmbeddingDimension = 4, HiddenSize = 3, NumLayers = layers,
        BidirectionalEncoder = bidirectional, Attention = attention, AttentionSize = 5, TieWeights = tie, Bridge = bridge,
    };

    /// <summary>Three pairs of unequal lengths: sources 3, 1, 2 tokens; targets 2, 3, 1 tokens.</summary>
    private static TranslationBatch Batch() => new(
        [[4, 5, 6], [7], [8, 4]],
        [[4, 5], [6, 7, 4], [5]],
        [0, 1, 2]);

    private static Variable Loss(TranslationModel model, TranslationBatch batch)
    {
        var (logits, targets) = model.Forward(batch);
        return Ops.CrossEntropy(logits, targets);
    }

    public static TheoryData<CellKind, AttentionKind, bool, int, bool> Shapes() => new()
    {
        { CellKind.Gru, AttentionKind.Bahdanau, true, 1, false },
        { CellKind.Gru, AttentionKind.None, true, 1, false },
        { CellKind.Lstm, AttentionKind.Bahdanau, true, 2, false },
        { CellKind.Lstm, AttentionKind.LuongDot, false, 1, false },
        { CellKind.Gru, AttentionKind.LuongGeneral, true, 2, true },
        { CellKind.Elman, AttentionKind.LuongConcat, true, 1, false },
        { CellKind.GruResetBefore, AttentionKind.Bahdanau, false, 1, true },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Every_parameter_gradient_matches_finite_differences(CellKind cell, AttentionKind attention, bool bidirectional, int layers, bool tie)
    {
        var model = new TranslationModel(Tiny(cell, attention, bidirectional, layers, tie), new Rng(3));
        var batch = Batch();
        var mismatches = GradientChecker.Check(() => Loss(model, batch), model.Parameters(), epsilon: 1e-2f, maxElementsPerInput: 24);
        Assert.True(mismatches.Count == 0, string.Join("\n", mismatches.Take(10)));
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void The_parameter_count_worked_out_without_building_matches_the_built_network(CellKind cell, AttentionKind attention,
        bool bidirectional, int layers, bool tie)
    {
        foreach (var bridge in new[] { BridgeKind.Tanh, BridgeKind.Zeros })
        {
            var options = Tiny(cell, attention, bidirectional, layers, tie, bridge);
            Assert.Equal(new TranslationModel(options, new Rng(0)).ParameterCount(), TranslationModel.CountParameters(options));
        }
    }

    [Fact]
    public void Padding_after_a_sentence_changes_nothing_of_its_logits()
    {
        var model = new TranslationModel(Tiny(CellKind.Lstm, AttentionKind.Bahdanau), new Rng(4));
        using var noTape = Tape.NoGrad();
        var (alone, aloneTargets) = model.Forward(new TranslationBatch([[7]], [[6, 7, 4]], [0]));   // [4, V]
        var (padded, paddedTargets) = model.Forward(Batch());                                       // pair 1 is rows 3 … 6 of [3 + 4 + 2, V]
        int vocabulary = 8, steps = 4, first = 3;
        Assert.Equal(aloneTargets, paddedTargets.AsSpan(first, steps).ToArray());
        Assert.Equal(9, paddedTargets.Length);
        for (int i = 0; i < steps * vocabulary; i++)
            Assert.Equal(alone.Value.Data[i], padded.Value.Data[first * vocabulary + i], 5);
    }

    [Theory]
    [InlineData(CellKind.Lstm, AttentionKind.Bahdanau)]
    [InlineData(CellKind.Gru, AttentionKind.LuongGeneral)]
    [InlineData(CellKind.Gru, AttentionKind.None)]
    public void Pairs_sorted_longest_target_first_run_fewer_rows_per_step_with_the_same_loss_and_gradients(CellKind cell, AttentionKind attention)
    {
        var model = new TranslationModel(Tiny(cell, attention, layers: 2), new Rng(11));
        int[][] sources = [[4, 5, 6], [7], [8, 4]];
        int[][] targets = [[4, 5], [6, 7, 4], [5]];
        var padded = new TranslationBatch(sources, targets, [0, 1, 2]);
        var sorted = new TranslationBatch(sources, targets, new TranslationBatches(sources, targets, 3).ByTargetLength([0, 1, 2]));
        Assert.Equal([1, 0, 2], sorted.Indices);
        var (lossPadded, gradientsPadded) = LossAndGradients(model, padded);
        var (lossSorted, gradientsSorted) = LossAndGradients(model, sorted);
        Assert.Equal(lossPadded, lossSorted, 5);
        for (int i = 0; i < gradientsPadded.Length; i++)
            for (int j = 0; j < gradientsPadded[i].Length; j++)
                Assert.Equal(gradientsPadded[i][j], gradientsSorted[i][j], 5);
        var mismatches = GradientChecker.Check(() => Loss(model, sorted), model.Parameters(), epsilon: 1e-2f, maxElementsPerInput: 12);
        Assert.True(mismatches.Count == 0, string.Join("\n", mismatches.Take(10)));
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void A_tape_that_packs_each_weight_once_gives_the_loss_and_gradients_of_one_that_packs_per_step(CellKind cell,
        AttentionKind attention, bool bidirectional, int layers, bool tie)
    {
        var model = new TranslationModel(Tiny(cell, attention, bidirectional, layers, tie), new Rng(13));
        var batch = new TranslationBatch([[4, 5, 6], [7], [8, 4]], [[4, 5], [6, 7, 4], [5]], [1, 0, 2]); // longest target first
        var (lossPerStep, gradientsPerStep) = LossAndGradients(model, batch);
        var (lossOnce, gradientsOnce) = LossAndGradients(model, batch, packWeightsOnce: true);
        Assert.Equal(lossPerStep, lossOnce, 5);
        for (int i = 0; i < gradientsPerStep.Length; i++)
            for (int j = 0; j < gradientsPerStep[i].Length; j++)
                Assert.Equal(gradientsPerStep[i][j], gradientsOnce[i][j], 5);
        Assert.Contains(gradientsOnce, g => g.Any(value => value != 0));
    }

    private static (float Loss, float[][] Gradients) LossAndGradients(TranslationModel model, TranslationBatch batch, bool packWeightsOnce = false)
    {
        model.ZeroGrad();
        float loss;
        using (new Tape { PackWeightsOnce = packWeightsOnce })
        {
            var value = Loss(model, batch);
            loss = value.Value.Data[0];
            value.Backward();
        }
        return (loss, model.Parameters().Select(p => p.GradOrZeros().ReadOnlySpan.ToArray()).ToArray());
    }

    [Fact]
    public void Scheduled_sampling_at_ratio_one_is_teacher_forcing_and_at_ratio_zero_feeds_back_predictions()
    {
        var model = new TranslationModel(Tiny(CellKind.Gru, AttentionKind.Bahdanau), new Rng(5));
        var batch = Batch();
        using var noTape = Tape.NoGrad();
        var forced = model.Forward(batch).Logits.Value.ReadOnlySpan.ToArray();
        var sampledAtOne = model.Forward(batch, 1, new Rng(1)).Logits.Value.ReadOnlySpan.ToArray();
        Assert.Equal(forced, sampledAtOne);
        var free1 = model.Forward(batch, 0, new Rng(1)).Logits.Value.ReadOnlySpan.ToArray();
        var free2 = model.Forward(batch, 0, new Rng(2)).Logits.Value.ReadOnlySpan.ToArray();
        Assert.Equal(free1, free2);                                    // at ratio 0 no draw decides anything
        Assert.Equal(forced.AsSpan(0, 8).ToArray(), free1.AsSpan(0, 8).ToArray()); // the first step reads <bos> either way
        Assert.NotEqual(forced, free1);
    }

    [Fact]
    public void Hello_world_is_learned_and_translated_by_greedy_and_beam_search_with_attention_rows_over_the_source()
    {
        // source ids: 4 hello, 5 world, 6 good, 7 morning; target: 4 hallo, 5 welt, 6 guten, 7 morgen
        int[][] sources = [[4, 5], [6, 7], [4], [6, 5]];
        int[][] targets = [[4, 5], [6, 7], [4], [6, 5]];
        var model = Train(sources, targets, new Rng(6));
        foreach (int width in new[] { 1, 3 })
        {
            var translations = TranslationSearch.Translate(model, sources, new TranslationSearchOptions { BeamWidth = width });
            for (int i = 0; i < sources.Length; i++)
            {
                Assert.Equal(targets[i], translations[i].Tokens);
                Assert.Equal(targets[i].Length + 1, translations[i].Attention.Length);          // one row per token and one for <eos>
                foreach (var row in translations[i].Attention)
                {
                    Assert.Equal(sources[i].Length, row.Length);
                    Assert.Equal(1f, row.Sum(), 4);
                }
            }
        }
    }

    [Fact]
    public void Batched_search_gives_each_sentence_what_it_gets_alone_and_beam_never_scores_below_greedy()
    {
        var model = new TranslationModel(Tiny(CellKind.Lstm, AttentionKind.LuongGeneral) with { TargetVocabularySize = 12 }, new Rng(8));
        int[][] sources = [[4, 5, 6], [7], [8, 4], [5, 5, 5, 5]];
        var options = new TranslationSearchOptions { BeamWidth = 4, MaxLengthExtra = 3 };
        var together = TranslationSearch.Translate(model, sources, options);
        var greedy = TranslationSearch.Translate(model, sources, options with { BeamWidth = 1 });
        for (int i = 0; i < sources.Length; i++)
        {
            var alone = TranslationSearch.Translate(model, [sources[i]], options)[0];
            Assert.Equal(alone.Tokens, together[i].Tokens);
            Assert.Equal(alone.Score, together[i].Score, 4);
            Assert.True(together[i].Score >= greedy[i].Score - 1e-5, $"sentence {i}: beam {together[i].Score}, greedy {greedy[i].Score}");
            Assert.True(together[i].Tokens.Length <= options.MaxLength(sources[i].Length));
        }
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Greedy_search_picks_at_each_step_the_token_the_teacher_forced_model_scores_highest(CellKind cell, AttentionKind attention,
        bool bidirectional, int layers, bool tie)
    {
        var model = new TranslationModel(Tiny(cell, attention, bidirectional, layers, tie) with { TargetVocabularySize = 12 }, new Rng(9));
        int[] source = [4, 6, 5];
        var found = TranslationSearch.Translate(model, [source], new TranslationSearchOptions { BeamWidth = 1 })[0];
        // Re-score the found tokens teacher-forced: at every step the chosen token is the arg max (never <pad> or <bos>).
        var batch = new TranslationBatch([source], [found.Tokens], [0]);
        using var noTape = Tape.NoGrad();
        var logits = model.Forward(batch).Logits.Value;                                             // [steps, V]
        int vocabulary = 12;
        for (int t = 0; t < batch.TargetSteps; t++)
        {
            var row = logits.ReadOnlySpan.Slice(t * vocabulary, vocabulary).ToArray();
            row[TranslationVocabulary.PadId] = row[TranslationVocabulary.BeginId] = float.NegativeInfinity;
            int chosen = t < found.Tokens.Length ? found.Tokens[t] : TranslationVocabulary.EndId;
            if (t == found.Tokens.Length && found.Tokens.Length == new TranslationSearchOptions().MaxLength(source.Length)) break; // ended by the limit
            Assert.Equal(Array.IndexOf(row, row.Max()), chosen);
        }
    }

    private static TranslationModel Train(int[][] sources, int[][] targets, Rng rng)
    {
        var model = new TranslationModel(new TranslationModelOptions
        {
            SourceVocabularySize = 8, TargetVocabularySize = 8, EmbeddingDimension = 8, HiddenSize = 8, Attention = AttentionKind.Bahdanau,
        }, rng);
        var adam = new Adam(model.Parameters(), new AdamOptions { LearningRate = 0.05f });
        var batch = new TranslationBatch(sources, targets, Enumerable.Range(0, sources.Length).ToArray());
        for (int step = 0; step < 150; step++)
        {
            model.ZeroGrad();
            using (new Tape()) Loss(model, batch).Backward();
            adam.Step();
        }
        return model;
    }
}
