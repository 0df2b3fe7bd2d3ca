using Recurrent.Autograd;
using Recurrent.Tasks.Translation;
using Recurrent.Tests.Autograd;

namespace Recurrent.Tests.Translation;

public class AttentionTests
{
    private const int QuerySize = 5, ValueSize = 6, AttentionSize = 4, Batch = 3, SourceLength = 4;
    private static readonly int[] Lengths = [4, 2, 3];

    public static IEnumerable<object[]> Kinds() =>
        new[] { AttentionKind.Bahdanau, AttentionKind.LuongDot, AttentionKind.LuongGeneral, AttentionKind.LuongConcat }.Select(k => new object[] { k });

    private static Attention Make(AttentionKind kind, Rng rng) =>
        Attention.Create(kind, kind == AttentionKind.LuongDot ? ValueSize : QuerySize, ValueSize, AttentionSize, rng)!;

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Padded_source_positions_get_weight_exactly_zero_and_change_nothing(AttentionKind kind)
    {
        var rng = new Rng(31);
        var attention = Make(kind, rng);
        var h = OpAssert.Random(rng, Batch, SourceLength, ValueSize);
        var query = new Variable(OpAssert.Random(rng, Batch, attention.QuerySize));
        var (context, weights) = attention.Attend(attention.PrepareKeys(new Variable(h), Lengths), query);
        for (int b = 0; b < Batch; b++)
        {
            var row = weights.Value.ReadOnlySpan.Slice(b * SourceLength, SourceLength).ToArray();
            Assert.All(row[Lengths[b]..], w => Assert.Equal(0f, w));
            Assert.Equal(1f, row.Sum(), 1e-6f);
        }
        for (int f = 0; f < ValueSize; f++) h.Data[(1 * SourceLength + 3) * ValueSize + f] = 100f; // sentence 1's padding
        var (again, _) = attention.Attend(attention.PrepareKeys(new Variable(h), Lengths), query);
        Assert.Equal(context.Value.Data, again.Value.Data);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Two_steps_over_one_memory_match_finite_differences(AttentionKind kind)
    {
        var rng = new Rng(32);
        var attention = Make(kind, rng);
        var h = OpAssert.Parameter(rng, "h", Batch, SourceLength, ValueSize);
        var first = OpAssert.Parameter(rng, "s1", Batch, attention.QuerySize);
        var second = OpAssert.Parameter(rng, "s2", Batch, attention.QuerySize);
        Variable Steps()
        {
            var memory = attention.PrepareKeys(h, Lengths);
            var (c1, a1) = attention.Attend(memory, first);
            var (c2, a2) = attention.Attend(memory, second);
            return Ops.Concat([c1, a1, c2, a2], 1);
        }
        OpAssert.MatchesFiniteDifferences(Steps, [h, first, second, .. attention.Parameters()]);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void The_tape_free_step_gives_the_numbers_of_the_taped_step(AttentionKind kind)
    {
        var rng = new Rng(33);
        var attention = Make(kind, rng);
        var h = new Variable(OpAssert.Random(rng, Batch, SourceLength, ValueSize));
        var memory = attention.PrepareKeys(h, Lengths);
        var context = new float[Batch * ValueSize];
        var weights = new float[Batch * SourceLength];
        for (int step = 0; step < 3; step++)
        {
            var query = OpAssert.Random(rng, Batch, attention.QuerySize);
            var (taped, tapedWeights) = attention.Attend(memory, new Variable(query));
            attention.Attend(memory, query.ReadOnlySpan, context, weights);
            OpAssert.Equal(taped.Value.Data, new Tensor(context, Batch, ValueSize), 1e-6f);
            OpAssert.Equal(tapedWeights.Value.Data, new Tensor(weights, Batch, SourceLength), 1e-6f);
        }
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void The_tape_free_step_allocates_nothing_per_step(AttentionKind kind)
    {
        var rng = new Rng(40);
        var attention = Make(kind, rng);
        var memory = attention.PrepareKeys(new Variable(OpAssert.Random(rng, Batch, SourceLength, ValueSize)), Lengths);
        var query = OpAssert.Random(rng, Batch, attention.QuerySize).ReadOnlySpan.ToArray();
        var context = new float[Batch * ValueSize];
        var weights = new float[Batch * SourceLength];
        for (int step = 0; step < 5; step++) attention.Attend(memory, query, context, weights);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int step = 0; step < 200; step++) attention.Attend(memory, query, context, weights);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated < 1024, $"200 tape-free steps allocated {allocated} bytes; a step should allocate nothing.");
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void A_step_records_a_fixed_few_ops_and_never_projects_the_keys_again(AttentionKind kind)
    {
        var rng = new Rng(34);
        var attention = Make(kind, rng);
        var h = OpAssert.Parameter(rng, "h", Batch, SourceLength, ValueSize);
        using var tape = new Tape();
        var memory = attention.PrepareKeys(h, Lengths);
        var keys = memory.Keys.Value;
        var counts = new List<int>();
        for (int step = 0; step < 4; step++)
        {
            int before = tape.Count;
            attention.Attend(memory, OpAssert.Parameter(rng, "s", Batch, attention.QuerySize));
            counts.Add(tape.Count - before);
        }
        Assert.Same(keys, memory.Keys.Value);
        Assert.All(counts, c => Assert.Equal(kind is AttentionKind.Bahdanau or AttentionKind.LuongConcat ? 4 : 3, c));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Hypotheses_of_a_beam_attend_each_over_its_own_sentence_through_a_row_map(AttentionKind kind)
    {
        var rng = new Rng(39);
        var attention = Make(kind, rng);
        var memory = attention.PrepareKeys(new Variable(OpAssert.Random(rng, Batch, SourceLength, ValueSize)), Lengths);
        int[] rows = [2, 2, 0, 1];
        var queries = OpAssert.Random(rng, rows.Length, attention.QuerySize);
        var context = new float[rows.Length * ValueSize];
        var weights = new float[rows.Length * SourceLength];
        attention.Attend(memory, queries.ReadOnlySpan, context, weights, rows);
        for (int r = 0; r < rows.Length; r++)
        {
            var alone = new Tensor(queries.ReadOnlySpan.Slice(r * attention.QuerySize, attention.QuerySize).ToArray(), 1, attention.QuerySize);
            var (full, fullWeights) = attention.Attend(memory, new Variable(Repeat(alone, Batch)));
            OpAssert.Equal(full.Value.ReadOnlySpan.Slice(rows[r] * ValueSize, ValueSize).ToArray(),
                new Tensor(context.AsSpan(r * ValueSize, ValueSize).ToArray(), 1, ValueSize));
            OpAssert.Equal(fullWeights.Value.ReadOnlySpan.Slice(rows[r] * SourceLength, SourceLength).ToArray(),
                new Tensor(weights.AsSpan(r * SourceLength, SourceLength).ToArray(), 1, SourceLength));
        }
    }

    private static Tensor Repeat(Tensor row, int times)
    {
        var result = new Tensor(times, row.Size);
        for (int r = 0; r < times; r++) row.ReadOnlySpan.CopyTo(result.Span.Slice(r * row.Size, row.Size));
        return result;
    }

    [Fact]
    public void Parameters_have_PyTorch_names_and_shapes()
    {
        static string Describe(Attention a) => string.Join(", ", a.NamedParameters().Select(p => $"{p.Name} {Tensor.ShapeText(p.Parameter.Shape)}"));
        var rng = new Rng(35);
        Assert.Equal("query_layer.weight [4, 5], key_layer.weight [4, 6], energy_layer.weight [1, 4]", Describe(Make(AttentionKind.Bahdanau, rng)));
        Assert.Equal("", Describe(Make(AttentionKind.LuongDot, rng)));
        Assert.Equal("key_layer.weight [5, 6]", Describe(Make(AttentionKind.LuongGeneral, rng)));
        Assert.Equal("concat_layer.weight [4, 11], energy_layer.weight [1, 4]", Describe(Make(AttentionKind.LuongConcat, rng)));
        Assert.Null(Attention.Create(AttentionKind.None, QuerySize, ValueSize, AttentionSize, rng));
    }

    [Fact]
    public void Weights_are_initialised_within_PyTorch_bounds()
    {
        var attention = (BahdanauAttention)Make(AttentionKind.Bahdanau, new Rng(36));
        foreach (var (name, fanIn) in new[] { ("query_layer.weight", QuerySize), ("key_layer.weight", ValueSize), ("energy_layer.weight", AttentionSize) })
        {
            var values = attention.GetParameter(name).Value.ReadOnlySpan.ToArray();
            Assert.All(values, w => Assert.InRange(w, -1f / MathF.Sqrt(fanIn), 1f / MathF.Sqrt(fanIn)));
            Assert.True(values.Distinct().Count() == values.Length, $"{name} should be drawn at random.");
        }
    }

    [Fact]
    public void Luong_dot_with_unequal_widths_says_which_kinds_fit()
    {
        var error = Assert.Throws<ArgumentException>(() => Attention.Create(AttentionKind.LuongDot, 5, 6, 4, new Rng(37)));
        Assert.Contains("decoder state width (5) to equal the encoder output width (6)", error.Message);
        Assert.Contains("AttentionKind.LuongGeneral", error.Message);
    }

    [Fact]
    public void Bad_shapes_and_lengths_are_named()
    {
        var rng = new Rng(38);
        var attention = Make(AttentionKind.Bahdanau, rng);
        var h = new Variable(OpAssert.Random(rng, Batch, SourceLength, ValueSize));
        Assert.Contains("needs encoder outputs [B, S, 6], got [3, 4, 5]",
            Assert.Throws<ArgumentException>(() => attention.PrepareKeys(new Variable(new Tensor(3, 4, 5)), null)).Message);
        Assert.Contains("source length 0 of sentence 1 is outside [1, 4]",
            Assert.Throws<ArgumentOutOfRangeException>(() => attention.PrepareKeys(h, [4, 0, 2])).Message);
        Assert.Contains("2 source lengths for a batch of 3", Assert.Throws<ArgumentException>(() => attention.PrepareKeys(h, [4, 2])).Message);
        var memory = attention.PrepareKeys(h, Lengths);
        Assert.Contains("needs a query [3, 5]", Assert.Throws<ArgumentException>(() => attention.Attend(memory, new Variable(new Tensor(2, 5)))).Message);
        Assert.Contains("needs a query [3, 5] (one decoder state per sentence of the memory), got 10 floats",
            Assert.Throws<ArgumentException>(() => attention.Attend(memory, new float[10], new float[18], new float[12])).Message);
        Assert.Contains("context needs 18 floats and weights 12",
            Assert.Throws<ArgumentException>(() => attention.Attend(memory, new float[15], new float[17], new float[12])).Message);
        Assert.Contains("memory row 3 is outside its 3 sentences",
            Assert.Throws<ArgumentOutOfRangeException>(() => attention.Attend(memory, new float[10], new float[12], new float[8], [0, 3])).Message);
        Assert.Contains("prepared by another attention module",
            Assert.Throws<ArgumentException>(() => Make(AttentionKind.Bahdanau, rng).Attend(memory, new Variable(new Tensor(3, 5)))).Message);
    }
}
