using Recurrent.Tasks.Tagging;

namespace Recurrent.Tests.Tagging;

/// <summary>conlleval's chunk rules, case by case (expected spans follow its startOfChunk/endOfChunk).</summary>
public class EntitySpansTests
{
    private static IReadOnlyList<EntitySpan> Spans(string tags) => EntitySpans.From(tags.Split(' '));

    [Fact]
    public void Iob2_entities_start_at_b_and_continue_with_i()
    {
        Assert.Equal([new("PER", 0, 2), new("LOC", 3, 4)], Spans("B-PER I-PER O B-LOC"));
    }

    [Fact]
    public void I_after_o_starts_an_entity()
    {
        Assert.Equal([new("ORG", 1, 3)], Spans("O I-ORG I-ORG O"));
    }

    [Fact]
    public void I_at_the_sentence_start_starts_an_entity()
    {
        Assert.Equal([new("ORG", 0, 1)], Spans("I-ORG O"));
    }

    [Fact]
    public void I_after_another_type_starts_a_new_entity()
    {
        Assert.Equal([new("PER", 0, 1), new("LOC", 1, 3)], Spans("B-PER I-LOC I-LOC"));
    }

    [Fact]
    public void B_after_i_of_the_same_type_starts_a_new_entity()
    {
        Assert.Equal([new("LOC", 0, 2), new("LOC", 2, 3)], Spans("I-LOC I-LOC B-LOC"));
    }

    [Fact]
    public void B_after_b_of_the_same_type_starts_a_new_entity()
    {
        Assert.Equal([new("MISC", 0, 1), new("MISC", 1, 2)], Spans("B-MISC B-MISC"));
    }

    [Fact]
    public void An_entity_at_the_sentence_end_ends_there()
    {
        Assert.Equal([new("PER", 2, 4)], Spans("O O B-PER I-PER"));
    }

    [Fact]
    public void Bioes_single_and_multi_token_entities_read_as_their_iob2_forms()
    {
        Assert.Equal([new("PER", 0, 1), new("PER", 1, 2), new("LOC", 2, 5)], Spans("S-PER S-PER B-LOC I-LOC E-LOC"));
    }

    [Fact]
    public void B_after_e_of_the_same_type_starts_a_new_entity()
    {
        Assert.Equal([new("PER", 0, 2), new("PER", 2, 4)], Spans("B-PER E-PER B-PER E-PER"));
    }

    [Fact]
    public void Ioe_i_after_e_starts_a_new_entity()
    {
        Assert.Equal([new("NP", 0, 2), new("NP", 2, 3)], Spans("I-NP E-NP I-NP"));
    }

    [Fact]
    public void Opening_and_closing_brackets_are_one_token_chunks()
    {
        Assert.Equal([new("NP", 0, 1), new("NP", 1, 2)], Spans("[-NP ]-NP"));
    }

    [Fact]
    public void Types_keep_their_hyphens_after_the_first()
    {
        Assert.Equal([new("creative-work", 0, 2)], Spans("B-creative-work I-creative-work"));
    }

    [Fact]
    public void Pos_tags_give_no_entities()
    {
        Assert.Empty(Spans("NNP VBZ DT NN"));
    }
}
