using Recurrent.Layers;
using Recurrent.Tasks.Tagging;

namespace Recurrent.Tests.Tasks.Tagging;

/// <summary>The transitions, starts and ends each <see cref="TagScheme"/> forbids (<see cref="TagSchemeConstraints"/>).</summary>
public class TagSchemeConstraintsTests
{
    private static readonly string[] IobTags = ["O", "B-PER", "I-PER", "B-LOC", "I-LOC"];

    private static readonly string[] BioesTags = ["O", "B-PER", "I-PER", "E-PER", "S-PER", "B-LOC", "I-LOC", "E-LOC", "S-LOC"];

    /// <summary>Every forbidden transition as "from → to", in tag order.</summary>
    private static string[] ForbiddenTransitions(CrfConstraints constraints, string[] tags) =>
        (from i in Enumerable.Range(0, tags.Length)
         from j in Enumerable.Range(0, tags.Length)
         where !constraints.IsAllowed(i, j)
         select $"{tags[i]} → {tags[j]}").ToArray();

    private static string[] ForbiddenStarts(CrfConstraints constraints, string[] tags) =>
        tags.Where((_, i) => !constraints.IsAllowedStart(i)).ToArray();

    private static string[] ForbiddenEnds(CrfConstraints constraints, string[] tags) =>
        tags.Where((_, i) => !constraints.IsAllowedEnd(i)).ToArray();

    [Fact]
    public void Iob2_allows_I_X_only_after_B_X_or_I_X()
    {
        var constraints = TagSchemeConstraints.FromTags(IobTags, TagScheme.Iob2);
        Assert.Equal(["O → I-PER", "O → I-LOC", "B-PER → I-LOC", "I-PER → I-LOC", "B-LOC → I-PER", "I-LOC → I-PER"],
            ForbiddenTransitions(constraints, IobTags));
    }

    [Fact]
    public void Iob2_never_starts_with_I_X_and_may_end_with_any_tag()
    {
        var constraints = TagSchemeConstraints.FromTags(IobTags, TagScheme.Iob2);
        Assert.Equal(["I-PER", "I-LOC"], ForbiddenStarts(constraints, IobTags));
        Assert.Empty(ForbiddenEnds(constraints, IobTags));
    }

    [Fact]
    public void Iob1_allows_B_X_only_after_I_X_or_B_X_of_the_same_type_and_I_X_anywhere()
    {
        var constraints = TagSchemeConstraints.FromTags(IobTags, TagScheme.Iob1);
        Assert.Equal(["O → B-PER", "O → B-LOC", "B-PER → B-LOC", "I-PER → B-LOC", "B-LOC → B-PER", "I-LOC → B-PER"],
            ForbiddenTransitions(constraints, IobTags));
    }

    [Fact]
    public void Iob1_never_starts_with_B_X_and_may_end_with_any_tag()
    {
        var constraints = TagSchemeConstraints.FromTags(IobTags, TagScheme.Iob1);
        Assert.Equal(["B-PER", "B-LOC"], ForbiddenStarts(constraints, IobTags));
        Assert.Empty(ForbiddenEnds(constraints, IobTags));
    }

    [Fact]
    public void Bioes_continues_B_X_and_I_X_with_I_X_or_E_X_and_follows_E_S_and_O_with_O_B_or_S()
    {
        var constraints = TagSchemeConstraints.FromTags(BioesTags, TagScheme.Bioes);
        for (int i = 0; i < BioesTags.Length; i++)
        {
            string from = BioesTags[i];
            var expected = from[0] is 'B' or 'I'
                ? BioesTags.Where(to => to == "I-" + from[2..] || to == "E-" + from[2..])
                : BioesTags.Where(to => to[0] is 'O' or 'B' or 'S');
            Assert.Equal(expected, BioesTags.Where((_, j) => constraints.IsAllowed(i, j)));
        }
    }

    [Fact]
    public void Bioes_starts_with_O_B_or_S_and_ends_with_O_E_or_S()
    {
        var constraints = TagSchemeConstraints.FromTags(BioesTags, TagScheme.Bioes);
        Assert.Equal(["I-PER", "E-PER", "I-LOC", "E-LOC"], ForbiddenStarts(constraints, BioesTags));
        Assert.Equal(["B-PER", "I-PER", "B-LOC", "I-LOC"], ForbiddenEnds(constraints, BioesTags));
    }

    [Theory]
    [InlineData(TagScheme.Iob1)]
    [InlineData(TagScheme.Iob2)]
    [InlineData(TagScheme.Bioes)]
    public void Tags_that_mark_no_spans_such_as_part_of_speech_allow_every_path(TagScheme scheme)
    {
        var constraints = TagSchemeConstraints.FromTags(["NNP", "VB", "DT", "O"], scheme);
        Assert.Equal(4, constraints.Tags);
        Assert.True(constraints.AllowsEverything);
    }

    [Fact]
    public void A_crf_under_bioes_constraints_decodes_only_well_formed_spans()
    {
        var crf = new Crf(new CrfOptions { Tags = BioesTags.Length }, new Rng(1603));
        var constraints = TagSchemeConstraints.FromTags(BioesTags, TagScheme.Bioes);
        crf.SetConstraints(constraints);
        var emissions = new Tensor(16, 12, BioesTags.Length);
        new Rng(1604).FillUniform(emissions.Span, -5f, 5f);
        foreach (var path in crf.Decode(emissions, Enumerable.Range(1, 16).Select(b => Math.Min(b, 12)).ToArray()))
        {
            Assert.True(constraints.IsAllowedStart(path[0]) && constraints.IsAllowedEnd(path[^1]), string.Join(" ", path.Select(t => BioesTags[t])));
            for (int t = 1; t < path.Length; t++)
                Assert.True(constraints.IsAllowed(path[t - 1], path[t]), string.Join(" ", path.Select(tag => BioesTags[tag])));
        }
    }
}
