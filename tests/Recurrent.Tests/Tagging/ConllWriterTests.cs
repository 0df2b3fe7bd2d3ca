using Recurrent.Tasks.Tagging;

namespace Recurrent.Tests.Tagging;

public class ConllWriterTests
{
    private const string Conll = "-DOCSTART- -X- O O\n\nEU NNP I-NP I-ORG\nrejects VBZ I-VP O\n\nPeter NNP I-NP I-PER\n\n" +
        "-DOCSTART- -X- O O\n\nBonn NNP I-NP I-LOC\n\n";

    private static string Write(TaggedCorpus corpus, IReadOnlyList<IReadOnlyList<string>>? appended = null, char separator = ' ')
    {
        var text = new StringWriter();
        ConllWriter.Write(text, corpus, appended, separator);
        return text.ToString();
    }

    [Fact]
    public void A_corpus_read_from_conll_writes_back_the_same_text()
    {
        var corpus = TaggedCorpusReader.Read(new StringReader(Conll), "test.conll");

        Assert.Equal(Conll, Write(corpus));
    }

    [Fact]
    public void An_appended_column_follows_every_line_and_docstart_lines_get_o()
    {
        var corpus = TaggedCorpusReader.Read(new StringReader(Conll), "test.conll");

        string text = Write(corpus, [["B-ORG", "O"], ["B-PER"], ["O"]]);

        Assert.StartsWith("-DOCSTART- -X- O O O\n\nEU NNP I-NP I-ORG B-ORG\nrejects VBZ I-VP O O\n\n", text);
        Assert.EndsWith("Bonn NNP I-NP I-LOC O\n\n", text);
    }

    [Fact]
    public void The_toy_corpus_round_trips_through_a_file()
    {
        var corpus = TaggedCorpusReader.Read(TaggingFiles.Toy("toy.train.conll"));
        string path = TaggingFiles.TempFile("stale");

        ConllWriter.Write(path, corpus);

        Assert.Equal(File.ReadAllText(TaggingFiles.Toy("toy.train.conll")), File.ReadAllText(path));
    }

    [Fact]
    public void Wnut_sentences_write_back_with_tabs()
    {
        var corpus = TaggedCorpusReader.Read(new StringReader("New York\tB-location\n\t\nhi\tO\n"), "test.wnut",
            new TaggedCorpusReadOptions { Format = TaggedCorpusFormat.Wnut });

        Assert.Equal("New York\tB-location\n\nhi\tO\n\n", Write(corpus, separator: '\t'));
    }

    [Fact]
    public void An_appended_column_of_the_wrong_length_is_refused()
    {
        var corpus = TaggedCorpusReader.Read(new StringReader("a O\nb O\n"), "test.conll");

        var error = Assert.Throws<ArgumentException>(() => Write(corpus, [["O"]]));

        Assert.Contains("Sentence 0", error.Message);
    }
}
