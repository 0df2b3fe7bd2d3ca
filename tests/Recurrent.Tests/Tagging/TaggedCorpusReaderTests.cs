using Recurrent.Data;
using Recurrent.Tasks.Tagging;

namespace Recurrent.Tests.Tagging;

public class TaggedCorpusReaderTests
{
    private static TaggedCorpus Read(string text, TaggedCorpusReadOptions? options = null) =>
        TaggedCorpusReader.Read(new StringReader(text), "test.conll", options);

    [Fact]
    public void Blank_lines_separate_sentences_and_the_last_column_is_the_tag()
    {
        var corpus = Read("EU NNP I-NP I-ORG\nrejects VBZ I-VP O\n\nPeter NNP I-NP I-PER\n");

        Assert.Equal(2, corpus.Sentences.Count);
        Assert.Equal(["EU", "rejects"], corpus.Sentences[0].Tokens);
        Assert.Equal(["I-ORG", "O"], corpus.Sentences[0].Tags);
        Assert.Equal(new SourceLocation("test.conll", 4), corpus.Sentences[1].Where);
        Assert.Equal(["EU", "NNP", "I-NP", "I-ORG"], corpus.Columns[0][0]);
    }

    [Fact]
    public void Tag_column_picks_another_column()
    {
        var corpus = Read("EU NNP I-NP I-ORG\nrejects VBZ I-VP O\n", new TaggedCorpusReadOptions { TagColumn = 1 });

        Assert.Equal(["NNP", "VBZ"], corpus.Sentences[0].Tags);
    }

    [Fact]
    public void Tabs_and_runs_of_spaces_both_separate_conll_columns()
    {
        var corpus = Read("EU\tNNP  I-NP \t I-ORG\n  rejects VBZ I-VP O  \n");

        Assert.Equal(["EU", "NNP", "I-NP", "I-ORG"], corpus.Columns[0][0]);
        Assert.Equal(["I-ORG", "O"], corpus.Sentences[0].Tags);
    }

    [Fact]
    public void Docstart_lines_start_documents_and_are_not_sentences()
    {
        var corpus = Read("-DOCSTART- -X- O O\n\na x O\n\nb x O\n\n-DOCSTART- -X- O O\n\nc x I-PER\n");

        Assert.Equal([0, 0, 1], corpus.Sentences.Select(s => s.Document));
        Assert.Equal(2, corpus.Documents);
        Assert.Equal(["-DOCSTART-", "-X-", "O", "O"], corpus.DocumentMarker!);
    }

    [Fact]
    public void A_file_without_docstart_is_document_0()
    {
        var corpus = Read("a O\n\nb O\n");

        Assert.All(corpus.Sentences, s => Assert.Equal(0, s.Document));
        Assert.Null(corpus.DocumentMarker);
    }

    [Fact]
    public void Wnut_lines_split_on_tabs_only_and_a_line_of_one_tab_ends_a_sentence()
    {
        var corpus = Read("New York\tB-location\nrocks\tO\n\t\n@paul\tO\n", new TaggedCorpusReadOptions { Format = TaggedCorpusFormat.Wnut });

        Assert.Equal(2, corpus.Sentences.Count);
        Assert.Equal(["New York", "rocks"], corpus.Sentences[0].Tokens);
    }

    [Fact]
    public void A_line_of_spaces_ends_a_conll_sentence()
    {
        Assert.Equal(2, Read("a O\n   \nb O\n").Sentences.Count);
    }

    [Fact]
    public void A_line_with_another_column_count_than_its_sentence_is_an_error_at_its_line()
    {
        var error = Assert.Throws<DataFormatException>(() => Read("a NN O\nb O\n"));

        Assert.Equal(new SourceLocation("test.conll", 2), error.Where);
        Assert.Contains("test.conll:2", error.Message);
        Assert.Contains("2 columns, but the sentence's first line has 3", error.Message);
        Assert.Contains("TaggedCorpusReadOptions.SkipBadRows", error.Message);
    }

    [Fact]
    public void A_line_with_too_few_columns_for_the_tag_column_is_an_error()
    {
        var error = Assert.Throws<DataFormatException>(() => Read("a NN\n", new TaggedCorpusReadOptions { TagColumn = 3 }));

        Assert.Equal(1, error.Where.Line);
        Assert.Contains("TaggedCorpusReadOptions.TagColumn", error.Message);
    }

    [Fact]
    public void A_token_without_a_tag_is_an_error()
    {
        var error = Assert.Throws<DataFormatException>(() => Read("a O\n\nlonely\n"));

        Assert.Equal(3, error.Where.Line);
        Assert.Contains("at least 2", error.Message);
    }

    [Fact]
    public void An_empty_wnut_tag_is_an_error()
    {
        var error = Assert.Throws<DataFormatException>(() => Read("a\tO\nb\t\n", new TaggedCorpusReadOptions { Format = TaggedCorpusFormat.Wnut }));

        Assert.Equal(2, error.Where.Line);
        Assert.Contains("empty tag", error.Message);
    }

    [Fact]
    public void A_wnut_line_with_three_columns_is_an_error()
    {
        var error = Assert.Throws<DataFormatException>(() => Read("a\tNN\tO\n", new TaggedCorpusReadOptions { Format = TaggedCorpusFormat.Wnut }));

        Assert.Contains("WNUT format has 2", error.Message);
    }

    [Fact]
    public void Skip_bad_rows_drops_malformed_lines_and_says_where()
    {
        var corpus = Read("a NN O\nb O\nc NN O\n\nd\n", new TaggedCorpusReadOptions { SkipBadRows = true });

        Assert.Equal(["a", "c"], corpus.Sentences[0].Tokens);
        Assert.Single(corpus.Sentences);
        Assert.Equal(2, corpus.SkippedRows);
        Assert.Equal([2, 5], corpus.Skipped.Select(s => s.Where.Line));
    }

    [Fact]
    public void A_file_without_token_lines_is_an_error()
    {
        var error = Assert.Throws<DataFormatException>(() => Read("-DOCSTART- -X- O O\n\n\n"));

        Assert.Contains("no sentences", error.Message);
    }

    [Fact]
    public void An_empty_file_is_an_error_naming_it()
    {
        string path = TaggingFiles.TempFile("");

        var error = Assert.Throws<DataFormatException>(() => TaggedCorpusReader.Read(path));

        Assert.StartsWith(path, error.Message);
    }

    [Fact]
    public void Invalid_utf8_is_an_error_at_its_line()
    {
        byte[] bytes = [.. "a O\nb"u8.ToArray(), 0xFF, .. " O\n"u8.ToArray()];
        string path = Recurrent.Tests.Data.Fixture.TempFile(bytes);

        var error = Assert.Throws<DataFormatException>(() => TaggedCorpusReader.Read(path));

        Assert.Equal(2, error.Where.Line);
        Assert.Contains("UTF-8", error.Message);
    }

    [Fact]
    public void Tag_column_0_is_refused_naming_the_option()
    {
        var error = Assert.Throws<ArgumentException>(() => Read("a O\n", new TaggedCorpusReadOptions { TagColumn = 0 }));

        Assert.Contains("TaggedCorpusReadOptions.TagColumn", error.Message);
    }

    [Fact]
    public void Toy_corpora_have_their_documented_counts()
    {
        var train = TaggedCorpusReader.Read(TaggingFiles.Toy("toy.train.conll"));
        var valid = TaggedCorpusReader.Read(TaggingFiles.Toy("toy.valid.conll"));
        var wnut = TaggedCorpusReader.Read(TaggingFiles.Toy("toy.wnut"), new TaggedCorpusReadOptions { Format = TaggedCorpusFormat.Wnut });

        Assert.Equal((360, 66), (train.Sentences.Count, train.Documents));
        Assert.Equal((60, 11), (valid.Sentences.Count, valid.Documents));
        Assert.Equal((100, 1), (wnut.Sentences.Count, wnut.Documents));
        Assert.Equal(TagScheme.Iob1, TagSchemes.Detect(train.Sentences.Select(s => s.Tags)));
        Assert.Equal(TagScheme.Iob2, TagSchemes.Detect(wnut.Sentences.Select(s => s.Tags)));
    }
}
