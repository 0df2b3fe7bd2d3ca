using Recurrent.Tasks.Translation;
using Recurrent.Text;

namespace Recurrent.Tests.Translation;

public sealed class TranslationBatchesTests
{
    private const int Bos = TranslationVocabulary.BeginId, Eos = TranslationVocabulary.EndId;

    [Fact]
    public void A_batch_pads_sources_and_shifts_the_target_by_one_between_decoder_input_and_output()
    {
        var batches = new TranslationBatches([[10, 11, 12], [20]], [[30], [40, 41, 42]], batchSize: 2);

        var batch = batches.Gather([0, 1]);

        Assert.Equal((2, 3, 4), (batch.BatchSize, batch.SourceSteps, batch.TargetSteps));
        Assert.Equal([10, 11, 12, 20, 0, 0], batch.SourceIds);
        Assert.Equal([3, 1], batch.SourceLengths);
        Assert.Equal([Bos, 30, 0, 0, Bos, 40, 41, 42], batch.TargetInput);
        Assert.Equal([30, Eos, 0, 0, 40, 41, 42, Eos], batch.TargetOutput);
        Assert.Equal([2, 4], batch.TargetLengths);
        Assert.Equal(6, batch.TargetTokens);
        Assert.Equal([0, 1], batch.Indices);
    }

    [Fact]
    public void An_empty_target_gives_bos_in_and_eos_out()
    {
        var batch = new TranslationBatches([[5]], [[]], batchSize: 1).Gather([0]);

        Assert.Equal([Bos], batch.TargetInput);
        Assert.Equal([Eos], batch.TargetOutput);
    }

    [Fact]
    public void Padding_fills_exactly_the_positions_after_each_length()
    {
        var rng = new Rng(3);
        var sources = Enumerable.Range(0, 50).Select(_ => Sequence(rng, 1 + rng.NextInt(9))).ToArray();
        var targets = Enumerable.Range(0, 50).Select(_ => Sequence(rng, rng.NextInt(9))).ToArray();
        var batches = new TranslationBatches(sources, targets, batchSize: 8);

        foreach (var indices in batches.Epoch(new Rng(1)))
        {
            var batch = batches.Gather(indices);
            for (int b = 0; b < batch.BatchSize; b++)
            {
                var source = batch.SourceIds.AsSpan(b * batch.SourceSteps, batch.SourceSteps);
                var output = batch.TargetOutput.AsSpan(b * batch.TargetSteps, batch.TargetSteps);
                Assert.Equal(sources[indices[b]], source[..batch.SourceLengths[b]].ToArray());
                Assert.All(source[batch.SourceLengths[b]..].ToArray(), id => Assert.Equal(TranslationVocabulary.PadId, id));
                Assert.Equal([.. targets[indices[b]], Eos], output[..batch.TargetLengths[b]].ToArray());
                Assert.All(output[batch.TargetLengths[b]..].ToArray(), id => Assert.Equal(TranslationVocabulary.PadId, id));
            }
        }
    }

    [Fact]
    public void An_epoch_holds_every_pair_once_in_an_order_drawn_from_the_rng()
    {
        var rng = new Rng(5);
        var sources = Enumerable.Range(0, 300).Select(_ => Sequence(rng, 1 + rng.NextInt(12))).ToArray();
        var batches = new TranslationBatches(sources, sources, batchSize: 16);

        var first = batches.Epoch(new Rng(1));
        var again = batches.Epoch(new Rng(1));
        var other = batches.Epoch(new Rng(2));

        Assert.Equal(Enumerable.Range(0, 300), first.SelectMany(b => b).Order());
        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
        Assert.Equal(19, first.Count);
    }

    [Fact]
    public void Bucketing_puts_pairs_of_similar_source_length_together()
    {
        var rng = new Rng(5);
        var sources = Enumerable.Range(0, 800).Select(_ => Sequence(rng, 1 + rng.NextInt(20))).ToArray();
        var batches = new TranslationBatches(sources, sources, batchSize: 16);

        double bucketed = SourcePadding(batches, batches.Epoch(new Rng(1)));
        double shuffled = SourcePadding(batches, Enumerable.Range(0, 800).ToArray().Chunk(16).ToArray());

        Assert.True(bucketed < 0.05 && shuffled > 0.3, $"padding share: bucketed {bucketed:P1}, in random order {shuffled:P1}");
    }

    [Fact]
    public void Evaluation_batches_go_by_source_then_target_length_without_randomness()
    {
        var batches = new TranslationBatches([[1, 1, 1], [1], [1], [1, 1]], [[1], [1, 1], [], [1]], batchSize: 3);

        Assert.Equal([[2, 1, 3], [0]], batches.InOrder());
    }

    [Fact]
    public void Encode_tokenizes_and_maps_unknown_tokens_to_unk()
    {
        var pairs = ParallelTextReader.Read(TranslationFixture.Sample).Pairs;
        var tokenizer = new TranslationTokenizer(TokenLevel.Word, lowercase: true);
        var english = TranslationVocabulary.Build(pairs.Take(20).Select(p => p.Source), tokenizer);
        var german = TranslationVocabulary.Build(pairs.Take(10).Select(p => p.Target), tokenizer);

        var batches = TranslationBatches.Encode(pairs, tokenizer, english, tokenizer, german, batchSize: 4);

        Assert.Equal(pairs.Count, batches.Count);
        Assert.Equal(["grüß", "gott", "!"], german.Decode(batches.Targets[1]));
        Assert.Equal(["it", "'s", "<unk>", "<unk>", "."], english.Decode(batches.Sources[24]));
    }

    [Fact]
    public void Unpaired_or_empty_sources_and_a_batch_size_below_one_are_refused()
    {
        Assert.Contains("2 source sequences but 1 target", Assert.Throws<ArgumentException>(() => new TranslationBatches([[1], [2]], [[1]], 4)).Message);
        Assert.Contains("Pair 1 has an empty source", Assert.Throws<ArgumentException>(() => new TranslationBatches([[1], []], [[1], [1]], 4)).Message);
        Assert.Contains("no sentence pairs", Assert.Throws<ArgumentException>(() => new TranslationBatches([], [], 4)).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new TranslationBatches([[1]], [[1]], 0));
    }

    /// <summary>The share of the source id matrices' cells that are padding.</summary>
    private static double SourcePadding(TranslationBatches batches, IEnumerable<int[]> plan)
    {
        long cells = 0, tokens = 0;
        foreach (var batch in plan.Select(batches.Gather))
        {
            cells += batch.SourceIds.Length;
            tokens += batch.SourceLengths.Sum();
        }
        return 1 - tokens / (double)cells;
    }

    private static int[] Sequence(Rng rng, int length) => Enumerable.Range(0, length).Select(_ => 4 + rng.NextInt(50)).ToArray();
}
