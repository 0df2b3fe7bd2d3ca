using Recurrent.Tasks.Tagging;

namespace Recurrent.Tests.Tagging;

public class TagSchemesTests
{
    private static string[] Tags(string tags) => tags.Split(' ');

    [Fact]
    public void Detect_calls_e_and_s_prefixes_bioes()
    {
        Assert.Equal(TagScheme.Bioes, TagSchemes.Detect([Tags("B-PER E-PER O"), Tags("S-LOC")]));
    }

    [Fact]
    public void Detect_calls_an_entity_starting_with_i_iob1()
    {
        Assert.Equal(TagScheme.Iob1, TagSchemes.Detect([Tags("B-PER I-PER O"), Tags("O I-LOC")]));
    }

    [Fact]
    public void Detect_calls_i_after_another_type_iob1()
    {
        Assert.Equal(TagScheme.Iob1, TagSchemes.Detect([Tags("B-PER I-LOC")]));
    }

    [Fact]
    public void Detect_calls_entities_that_all_start_with_b_iob2()
    {
        Assert.Equal(TagScheme.Iob2, TagSchemes.Detect([Tags("B-PER I-PER O B-LOC"), Tags("O")]));
    }

    [Fact]
    public void Detect_refuses_pos_tags()
    {
        var error = Assert.Throws<ArgumentException>(() => TagSchemes.Detect([Tags("NNP VBZ")]));

        Assert.Contains("'NNP'", error.Message);
    }

    [Theory]
    [InlineData("B-PER", true)]
    [InlineData("O", true)]
    [InlineData("S-creative-work", true)]
    [InlineData("NNP", false)]
    [InlineData("B-", false)]
    [InlineData("X-PER", false)]
    [InlineData("o", false)]
    public void Entity_tags_are_o_or_a_bies_prefix_and_a_type(string tag, bool isEntityTag)
    {
        Assert.Equal(isEntityTag, TagSchemes.IsEntityTag(tag));
    }

    [Fact]
    public void Pos_tagging_is_not_entity_tagging()
    {
        Assert.True(TagSchemes.IsEntityTagging(Tags("B-PER O I-LOC")));
        Assert.False(TagSchemes.IsEntityTagging(Tags("NNP VBZ O")));
    }

    [Theory]
    [InlineData("I-PER I-PER B-PER O I-LOC", TagScheme.Iob1, TagScheme.Iob2, "B-PER I-PER B-PER O B-LOC")]
    [InlineData("B-PER I-PER B-PER O B-LOC", TagScheme.Iob2, TagScheme.Iob1, "I-PER I-PER B-PER O I-LOC")]
    [InlineData("B-PER I-PER B-PER O B-LOC", TagScheme.Iob2, TagScheme.Bioes, "B-PER E-PER S-PER O S-LOC")]
    [InlineData("B-ORG I-ORG E-ORG S-ORG O", TagScheme.Bioes, TagScheme.Iob1, "I-ORG I-ORG I-ORG B-ORG O")]
    [InlineData("I-LOC I-PER O", TagScheme.Iob1, TagScheme.Bioes, "S-LOC S-PER O")]
    public void Convert_writes_the_same_entities_in_the_other_scheme(string tags, TagScheme from, TagScheme to, string expected)
    {
        Assert.Equal(Tags(expected), TagSchemes.Convert(Tags(tags), from, to));
    }

    [Fact]
    public void Convert_refuses_bioes_tags_said_to_be_iob2()
    {
        var error = Assert.Throws<ArgumentException>(() => TagSchemes.Convert(Tags("S-PER"), TagScheme.Iob2, TagScheme.Iob1));

        Assert.Contains("TagScheme.Bioes", error.Message);
    }

    [Fact]
    public void Conversions_through_every_scheme_keep_the_toy_corpus_entities()
    {
        var corpus = TaggedCorpusReader.Read(TaggingFiles.Toy("toy.train.conll"));

        AssertRoundTripsKeepSpans(corpus.Sentences);
    }

    [Fact]
    public void Conversions_through_every_scheme_keep_the_shared_conll_entities()
    {
        if (TaggingFiles.ConllTrain is not { } path) return;
        var corpus = TaggedCorpusReader.Read(path);

        AssertRoundTripsKeepSpans(corpus.Sentences);
    }

    private static void AssertRoundTripsKeepSpans(IReadOnlyList<TaggedSentence> sentences)
    {
        foreach (var sentence in sentences)
        {
            var spans = EntitySpans.From(sentence.Tags);
            var iob2 = TagSchemes.Convert(sentence.Tags, TagScheme.Iob1, TagScheme.Iob2);
            var bioes = TagSchemes.Convert(iob2, TagScheme.Iob2, TagScheme.Bioes);
            var iob1 = TagSchemes.Convert(bioes, TagScheme.Bioes, TagScheme.Iob1);
            Assert.Equal(spans, EntitySpans.From(iob2));
            Assert.Equal(spans, EntitySpans.From(bioes));
            Assert.Equal(sentence.Tags, iob1);
        }
    }
}
