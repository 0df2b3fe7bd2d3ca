using Recurrent.Text;

namespace Recurrent.Tests.Text;

public class VocabularyTests
{
    private static readonly string[][] Texts =
    [
        ["the", "cat", "sat", "on", "the", "mat"],
        ["the", "dog", "sat"],
        ["a", "dog", "and", "a", "cat"],
    ];

    [Fact]
    public void Pad_and_unk_come_first_then_tokens_by_descending_count_with_ties_in_ordinal_order()
    {
        var vocabulary = Vocabulary.Build(Texts);
        // the ×3; a, cat, dog, sat ×2; and, mat, on ×1.
        Assert.Equal(["<pad>", "<unk>", "the", "a", "cat", "dog", "sat", "and", "mat", "on"], vocabulary.Tokens);
    }

    [Fact]
    public void Tokens_below_MinCount_are_left_out()
    {
        var vocabulary = Vocabulary.Build(Texts, new VocabularyOptions { MinCount = 2 });
        Assert.Equal(["<pad>", "<unk>", "the", "a", "cat", "dog", "sat"], vocabulary.Tokens);
    }

    [Fact]
    public void MaxSize_counts_the_special_tokens_and_keeps_the_most_frequent()
    {
        var vocabulary = Vocabulary.Build(Texts, new VocabularyOptions { MaxSize = 4 });
        Assert.Equal(["<pad>", "<unk>", "the", "a"], vocabulary.Tokens);
    }

    [Fact]
    public void Extra_special_tokens_follow_unk_whether_or_not_they_occur()
    {
        var vocabulary = Vocabulary.Build([["<eos>", "x", "x"]], new VocabularyOptions { ExtraSpecialTokens = ["<bos>", "<eos>"] });
        Assert.Equal(["<pad>", "<unk>", "<bos>", "<eos>", "x"], vocabulary.Tokens);
    }

    [Fact]
    public void Unknown_tokens_encode_to_id_1()
    {
        var vocabulary = Vocabulary.Build(Texts);
        Assert.Equal([2, 4, Vocabulary.UnknownIndex], vocabulary.Encode(["the", "cat", "zebra"]));
        Assert.Equal(-1, vocabulary.IndexOf("zebra"));
        Assert.Equal(2, vocabulary.IndexOf("the"));
    }

    [Fact]
    public void Decode_inverts_Encode_for_known_tokens_and_can_skip_padding()
    {
        var vocabulary = Vocabulary.Build(Texts);
        Assert.Equal(["the", "cat", "<unk>"], vocabulary.Decode(vocabulary.Encode(["the", "cat", "zebra"])));
        Assert.Equal(["dog"], vocabulary.Decode([5, 0, 0], skipPadding: true));
    }

    [Fact]
    public void TokenAt_rejects_an_id_outside_the_vocabulary()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => Vocabulary.Build(Texts).TokenAt(10));
        Assert.Contains("[0, 10)", ex.Message);
    }

    [Fact]
    public void Building_twice_gives_identical_ids()
    {
        var tokenizer = new WordTokenizer();
        string[] texts = ["B a c", "c b A", "x y z z"];
        Assert.Equal(Vocabulary.Build(texts, tokenizer).Tokens, Vocabulary.Build(texts.Reverse(), tokenizer).Tokens);
    }

    [Fact]
    public void Write_then_Read_round_trips_including_newline_tab_and_backslash_tokens()
    {
        var vocabulary = Vocabulary.Build([["\n", "\t", "\\", "a\\n", " ", "\r", "é"]]);
        var writer = new StringWriter();
        vocabulary.Write(writer);
        var read = Vocabulary.Read(new StringReader(writer.ToString()));
        Assert.Equal(vocabulary.Tokens, read.Tokens);
        Assert.Equal(vocabulary.Count, writer.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public void Read_reports_an_empty_line_with_its_number()
    {
        var ex = Assert.Throws<TextFormatException>(() => Vocabulary.Read(new StringReader("<pad>\n<unk>\nthe\n\ncat\n"), "vocab.txt"));
        Assert.Equal(4, ex.Where.Line);
        Assert.StartsWith("vocab.txt:4: empty line", ex.Message);
    }

    [Fact]
    public void Read_reports_a_repeated_token_with_both_line_numbers()
    {
        var ex = Assert.Throws<TextFormatException>(() => Vocabulary.Read(new StringReader("<pad>\n<unk>\nthe\ncat\nthe\n"), "vocab.txt"));
        Assert.Equal(5, ex.Where.Line);
        Assert.Contains("already appeared on line 3", ex.Message);
    }

    [Fact]
    public void Read_requires_pad_and_unk_first()
    {
        var ex = Assert.Throws<TextFormatException>(() => Vocabulary.Read(new StringReader("<pad>\nthe\n"), "vocab.txt"));
        Assert.Equal(2, ex.Where.Line);
        Assert.Contains("expected '<unk>'", ex.Message);
    }

    [Fact]
    public void Read_reports_an_unknown_escape()
    {
        var ex = Assert.Throws<TextFormatException>(() => Vocabulary.Read(new StringReader("<pad>\n<unk>\na\\qb\n"), "vocab.txt"));
        Assert.Equal(3, ex.Where.Line);
        Assert.Contains("unknown escape '\\q'", ex.Message);
    }

    [Fact]
    public void Read_rejects_a_file_that_stops_before_unk()
    {
        var ex = Assert.Throws<TextFormatException>(() => Vocabulary.Read(new StringReader("<pad>\n"), "vocab.txt"));
        Assert.Equal(2, ex.Where.Line);
    }

    [Fact]
    public void Options_name_the_bad_value()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => Vocabulary.Build(Texts, new VocabularyOptions { MinCount = 0 }));
        Assert.Contains("MinCount", ex.Message);
        Assert.Throws<ArgumentException>(() => Vocabulary.Build(Texts, new VocabularyOptions { ExtraSpecialTokens = ["<unk>"] }));
        Assert.Throws<ArgumentOutOfRangeException>(() => Vocabulary.Build(Texts, new VocabularyOptions { MaxSize = 1 }));
    }
}
