using Recurrent.Tasks.Tagging;

namespace Recurrent.Tests.Tagging;

/// <summary>
/// Reads the NER sets of ../shared/data and checks the counts their SOURCE.md gives. The tests pass without checking
/// anything where shared/data is absent (CoNLL-2003 is not openly licensed and never enters the repository).
/// </summary>
public class TaggingSharedDataTests
{
    [Fact]
    public void Conll2003_train_has_946_documents_14041_sentences_and_203621_tokens()
    {
        if (TaggingFiles.ConllTrain is not { } path) return;

        var corpus = TaggedCorpusReader.Read(path);

        Assert.Equal((946, 14041, 203621), (corpus.Documents, corpus.Sentences.Count, corpus.Tokens));
        Assert.Equal(0, corpus.SkippedRows);
        Assert.Equal(TagScheme.Iob1, TagSchemes.Detect(corpus.Sentences.Select(s => s.Tags)));
        Assert.Equal(11128, corpus.Sentences.Sum(s => s.Tags.Count(t => t == "I-PER")));
    }

    [Fact]
    public void Conll2003_train_pos_column_is_not_entity_tagging()
    {
        if (TaggingFiles.ConllTrain is not { } path) return;

        var corpus = TaggedCorpusReader.Read(path, new TaggedCorpusReadOptions { TagColumn = 1 });

        Assert.False(TagSchemes.IsEntityTagging(corpus.Sentences.SelectMany(s => s.Tags)));
    }

    [Fact]
    public void Wnut17_train_has_3394_sentences_and_62730_tokens()
    {
        if (TaggingFiles.WnutTrain is not { } path) return;

        var corpus = TaggedCorpusReader.Read(path, new TaggedCorpusReadOptions { Format = TaggedCorpusFormat.Wnut });

        Assert.Equal((3394, 62730), (corpus.Sentences.Count, corpus.Tokens));
        Assert.Equal(TagScheme.Iob2, TagSchemes.Detect(corpus.Sentences.Select(s => s.Tags)));
    }

    [Fact]
    public void Conll2003_train_scored_against_itself_is_perfect()
    {
        if (TaggingFiles.ConllTrain is not { } path) return;
        var tags = TaggedCorpusReader.Read(path).Sentences.Select(s => s.Tags).ToList();

        var scores = TaggingMetrics.Score(tags, tags);

        Assert.Equal((1.0, 1.0), (scores.F1, scores.TokenAccuracy));
        Assert.Equal(["LOC", "MISC", "ORG", "PER"], scores.PerType.Keys);
    }
}
