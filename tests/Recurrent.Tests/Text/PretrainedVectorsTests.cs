using System.Globalization;
using Recurrent.Text;

namespace Recurrent.Tests.Text;

public class PretrainedVectorsTests
{
    private static PretrainedVectors Glove() => PretrainedVectors.Load(SharedData.Fixture("glove.twitter.27B.25d.first200.txt"));

    private static PretrainedVectors Parse(string text) => PretrainedVectors.Read(new StringReader(text), "vectors.txt");

    [Fact]
    public void GloVe_file_is_read_without_a_header()
    {
        var vectors = Glove();
        Assert.Equal(WordVectorFormat.GloVe, vectors.Format);
        Assert.Equal(200, vectors.Count);
        Assert.Equal(25, vectors.Dimension);
        Assert.Equal(["the", "of", "and"], vectors.Words.Take(3));
        Assert.Equal(-0.010167f, vectors.Vector(0)[0]);
        Assert.Equal(-0.31208f, vectors.Vector(0)[24]);
        Assert.Equal(-0.54403f, vectors.Vector(vectors.IndexOf("good"))[0]);
    }

    [Fact]
    public void Word2vec_text_file_is_detected_by_its_header_and_keeps_the_first_of_a_repeated_word()
    {
        var vectors = PretrainedVectors.Load(SharedData.Fixture("word2vec-small.txt"));
        Assert.Equal(WordVectorFormat.Word2VecText, vectors.Format);
        Assert.Equal(["cat", "Dog", "new_york"], vectors.Words);
        Assert.Equal(3, vectors.Dimension);
        Assert.Equal([0.5f, -1.25f, 2f], vectors.Vector(vectors.IndexOf("cat")).ToArray());
        Assert.Equal([1e-3f, 0f, -0.5f], vectors.Vector(vectors.IndexOf("Dog")).ToArray());
    }

    [Fact]
    public void Numbers_are_parsed_with_the_invariant_culture()
    {
        var saved = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = new CultureInfo("de-DE");
            Assert.Equal([1.5f, -2.25f], Parse("word 1.5 -2.25\n").Vector(0).ToArray());
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
        }
    }

    [Fact]
    public void A_line_with_too_few_values_is_reported_with_its_line_number()
    {
        var ex = Assert.Throws<TextFormatException>(() => Parse("the 0.1 0.2 0.3\nof 0.1 0.2 0.3\ncat 0.1 0.2\n"));
        Assert.Equal(3, ex.Where.Line);
        Assert.Equal("vectors.txt:3: 'cat' has 2 values, expected 3 (as on the first line). " + PretrainedVectors.SkipAdvice, ex.Message);
    }

    [Fact]
    public void A_malformed_line_says_how_to_get_past_it()
    {
        var ex = Assert.Throws<TextFormatException>(() => Parse("the 0.1 0.2\ncat 0.1\n"));

        Assert.Contains("vectors.txt:2:", ex.Message);
        Assert.Contains("ReadOptions.SkipBadRows", ex.Message);
    }

    [Fact]
    public void Skipping_leaves_out_malformed_lines_and_counts_them()
    {
        var vectors = PretrainedVectors.Read(new StringReader("the 0.1 0.2\ncat 0.1\ndog 0.3 abc\nof 0.5 0.6\nx 1 2 3\n"),
            "vectors.txt", skipBadLines: true);

        Assert.Equal(["the", "of"], vectors.Words);
        Assert.Equal([0.1f, 0.2f, 0.5f, 0.6f], vectors.Vectors.ReadOnlySpan.ToArray());
        Assert.Equal(3, vectors.SkippedLines);
        Assert.Equal("vectors.txt:2: 'cat' has 1 values, expected 2 (as on the first line)", vectors.FirstSkipped);
    }

    [Fact]
    public void A_line_with_too_many_values_is_reported_with_its_line_number()
    {
        var ex = Assert.Throws<TextFormatException>(() => Parse("the 0.1 0.2\ncat 0.1 0.2 0.3\n"));
        Assert.Equal(2, ex.Where.Line);
        Assert.Contains("'cat' has 3 values, expected 2", ex.Message);
    }

    [Fact]
    public void A_value_that_is_not_a_number_is_reported_with_its_position()
    {
        var ex = Assert.Throws<TextFormatException>(() => Parse("the 0.1 0.2\ncat 0.1 abc\n"));
        Assert.Equal("vectors.txt:2: value 2 of 'cat' is 'abc', not a finite number (numbers use '.' as the decimal point). " + PretrainedVectors.SkipAdvice, ex.Message);
    }

    [Fact]
    public void A_decimal_comma_is_rejected()
    {
        var ex = Assert.Throws<TextFormatException>(() => Parse("the 0,5 0.2\n"));
        Assert.Equal(1, ex.Where.Line);
    }

    [Fact]
    public void A_word2vec_header_promising_more_vectors_than_follow_is_reported_at_the_header()
    {
        var ex = Assert.Throws<TextFormatException>(() => Parse("3 2\na 1 2\nb 1 2\n"));
        Assert.Equal(1, ex.Where.Line);
        Assert.Contains("declares 3 vectors but only 2", ex.Message);
    }

    [Fact]
    public void A_word2vec_line_beyond_the_declared_count_is_reported()
    {
        var ex = Assert.Throws<TextFormatException>(() => Parse("1 2\na 1 2\nb 1 2\n"));
        Assert.Equal(3, ex.Where.Line);
    }

    [Fact]
    public void A_word2vec_line_of_the_wrong_dimension_names_the_header()
    {
        var ex = Assert.Throws<TextFormatException>(() => Parse("2 3\na 1 2 3\nb 1 2\n"));
        Assert.Equal("vectors.txt:3: 'b' has 2 values, expected 3 (declared by the header on line 1). " + PretrainedVectors.SkipAdvice, ex.Message);
    }

    [Fact]
    public void A_word_containing_spaces_is_read_whole()
    {
        var vectors = Parse("the 0.1 0.2\n. . . 0.3 0.4\n");
        Assert.Equal([0.3f, 0.4f], vectors.Vector(vectors.IndexOf(". . .")).ToArray());
    }

    [Fact]
    public void An_empty_file_is_an_error()
    {
        Assert.Throws<TextFormatException>(() => Parse(""));
    }

    [Fact]
    public void Embedding_matrix_copies_found_vectors_zeroes_padding_and_reports_coverage()
    {
        var glove = Glove();
        var vocabulary = Vocabulary.Build([["The", "GOOD", "video", "qwerty", "n't"]]);
        Assert.Equal(["<pad>", "<unk>", "GOOD", "The", "n't", "qwerty", "video"], vocabulary.Tokens);

        var matrix = glove.BuildEmbeddingMatrix(vocabulary, new Rng(7), out var coverage);

        Assert.Equal([7, 25], matrix.Shape);
        Assert.All(matrix.Data[..25], v => Assert.Equal(0f, v));
        Assert.Equal(glove.Vector(glove.IndexOf("good")).ToArray(), matrix.Data[(2 * 25)..(3 * 25)]);
        Assert.Equal(glove.Vector(glove.IndexOf("the")).ToArray(), matrix.Data[(3 * 25)..(4 * 25)]);
        Assert.Equal(glove.Vector(glove.IndexOf("video")).ToArray(), matrix.Data[(6 * 25)..(7 * 25)]);
        Assert.Equal(3, coverage.Found);
        Assert.Equal(5, coverage.Total);
        Assert.Equal(0.6, coverage.Share, 12);
        Assert.Equal(["n't", "qwerty"], coverage.MissingExamples);
        Assert.Equal("pretrained vectors cover 3 of 5 vocabulary tokens (60.0%); missing e.g. n't, qwerty.", coverage.ToString());
    }

    [Fact]
    public void Missing_tokens_get_small_random_vectors()
    {
        var glove = Glove();
        var vocabulary = new Vocabulary(["<pad>", "<unk>", .. Enumerable.Range(0, 400).Select(i => $"missing{i}")]);
        var matrix = glove.BuildEmbeddingMatrix(vocabulary, new Rng(3), out var coverage);
        var random = matrix.Data[25..];
        double mean = random.Average(), std = Math.Sqrt(random.Average(v => (v - mean) * (v - mean)));
        Assert.InRange(mean, -0.01, 0.01);
        Assert.InRange(std, 0.09, 0.11);
        Assert.Equal(0, coverage.Found);
        Assert.Equal(CoverageReport.MaxExamples, coverage.MissingExamples.Count);
    }

    [Fact]
    public void Lowercase_fallback_can_be_turned_off()
    {
        var vocabulary = Vocabulary.Build([["The"]]);
        Glove().BuildEmbeddingMatrix(vocabulary, new Rng(1), out var coverage, new EmbeddingMatrixOptions { LowercaseFallback = false });
        Assert.Equal(0, coverage.Found);
    }

    [Fact]
    public void The_matrix_loads_into_an_embedding_layer()
    {
        var glove = Glove();
        var vocabulary = Vocabulary.Build([["good", "bad"]]);
        var embedding = new Recurrent.Layers.Embedding(new Recurrent.Layers.EmbeddingOptions { VocabularySize = vocabulary.Count, Dimension = glove.Dimension }, new Rng(1));
        embedding.LoadPretrained(glove.BuildEmbeddingMatrix(vocabulary, new Rng(2), out _));
        Assert.Equal(glove.Vector(glove.IndexOf("good"))[0], embedding.Weight.Value[vocabulary.IndexOf("good"), 0]);
    }
}
