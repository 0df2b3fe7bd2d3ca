using Recurrent.Tasks.Translation;
using Recurrent.Tests.Fuzzing;
using Recurrent.Text;

namespace Recurrent.Tests.Translation;

public sealed class TranslationVocabularyTests : IDisposable
{
    private static readonly string[][] Sentences = [["ich", "weiß", "."], ["ich", "lief", "."], ["ich", "rannte", "!"]];

    private readonly InputFolder scratch = new("translation-vocabulary");

    [Fact]
    public void The_special_tokens_come_first_pad_unk_bos_eos()
    {
        var vocabulary = TranslationVocabulary.Build(Sentences);

        Assert.Equal(["<pad>", "<unk>", "<bos>", "<eos>"], vocabulary.Vocabulary.Tokens.Take(4));
        Assert.Equal(0, vocabulary.Vocabulary.IndexOf("<pad>"));
        Assert.Equal(TranslationVocabulary.UnknownId, vocabulary.Vocabulary.IndexOf("<unk>"));
        Assert.Equal(TranslationVocabulary.BeginId, vocabulary.Vocabulary.IndexOf("<bos>"));
        Assert.Equal(TranslationVocabulary.EndId, vocabulary.Vocabulary.IndexOf("<eos>"));
    }

    [Fact]
    public void Tokens_follow_by_descending_count_and_rarer_ones_than_the_min_count_read_as_unknown()
    {
        var all = TranslationVocabulary.Build(Sentences);
        var frequent = TranslationVocabulary.Build(Sentences, new VocabularyOptions { MinCount = 2 });

        Assert.Equal(["ich", ".", "!", "lief", "rannte", "weiß"], all.Vocabulary.Tokens.Skip(4));
        Assert.Equal(["ich", "."], frequent.Vocabulary.Tokens.Skip(4));
        Assert.Equal([4, 1, 5], frequent.Encode(["ich", "weiß", "."]));
    }

    [Fact]
    public void Extra_special_tokens_follow_eos_and_the_size_limit_counts_the_specials()
    {
        var vocabulary = TranslationVocabulary.Build(Sentences, new VocabularyOptions { ExtraSpecialTokens = ["<sep>"], MaxSize = 6 });

        Assert.Equal(["<pad>", "<unk>", "<bos>", "<eos>", "<sep>", "ich"], vocabulary.Vocabulary.Tokens);
        Assert.Equal(6, vocabulary.Count);
    }

    [Fact]
    public void A_min_count_below_one_is_refused_naming_the_option()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => TranslationVocabulary.Build(Sentences, new VocabularyOptions { MinCount = 0 }));

        Assert.Contains("VocabularyOptions.MinCount", error.Message);
    }

    [Fact]
    public void Decode_stops_at_eos_skips_bos_and_pad_and_keeps_unk()
    {
        var vocabulary = TranslationVocabulary.Build(Sentences);
        int ich = vocabulary.Vocabulary.IndexOf("ich"), dot = vocabulary.Vocabulary.IndexOf(".");

        Assert.Equal(["ich", "<unk>", "."], vocabulary.Decode([TranslationVocabulary.BeginId, ich, 1, 0, dot, TranslationVocabulary.EndId, ich]));
    }

    [Fact]
    public void Built_from_a_side_of_parallel_text_with_its_tokenizer()
    {
        var pairs = ParallelTextReader.Read(TranslationFixture.Sample).Pairs;
        var german = TranslationVocabulary.Build(pairs.Select(p => p.Target), new TranslationTokenizer(TokenLevel.Word, lowercase: true));

        Assert.True(german.Vocabulary.Contains("grüß") && german.Vocabulary.Contains("übernehmt") && german.Vocabulary.Contains("’s"));
        Assert.Equal("!", german.Vocabulary.TokenAt(4));
        Assert.False(german.Vocabulary.Contains("Grüß"));
    }

    [Fact]
    public void A_saved_vocabulary_loads_with_the_same_ids()
    {
        var vocabulary = TranslationVocabulary.Build([.. Sentences, ["tab\tinside", "back\\slash"]]);
        string path = scratch.PathOf("target.vocab");

        vocabulary.Save(path);
        var loaded = TranslationVocabulary.Load(path);

        Assert.Equal(vocabulary.Vocabulary.Tokens, loaded.Vocabulary.Tokens);
        Assert.Equal("<pad>\n<unk>\n<bos>\n<eos>\n", File.ReadAllText(path)[..24]);
    }

    [Fact]
    public void A_vocabulary_file_without_bos_and_eos_is_a_text_format_error_naming_the_line()
    {
        string path = scratch.Write("plain.vocab", "<pad>\n<unk>\nich\n<eos>\n");
        string truncated = scratch.Write("short.vocab", "<pad>\n<unk>\n<bos>\n");

        var wrong = Assert.Throws<TextFormatException>(() => TranslationVocabulary.Load(path));
        var cut = Assert.Throws<TextFormatException>(() => TranslationVocabulary.Load(truncated));

        Assert.StartsWith($"{path}:3: expected '<bos>' (id 2) but found 'ich'; a translation vocabulary file starts with <pad>, <unk>, <bos>, <eos>.", wrong.Message);
        Assert.StartsWith($"{truncated}:4: the file ends before '<eos>' (id 3)", cut.Message);
    }

    [Fact]
    public void A_plain_vocabulary_without_the_translation_specials_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => new TranslationVocabulary(new Vocabulary(["<pad>", "<unk>", "ich"])));

        Assert.Contains("<pad>, <unk>, <bos>, <eos>", error.Message);
    }

    [Fact]
    public void A_missing_vocabulary_file_names_its_path()
    {
        string path = scratch.PathOf("missing.vocab");

        Assert.Contains(path, Assert.Throws<FileNotFoundException>(() => TranslationVocabulary.Load(path)).Message);
    }

    public void Dispose() => scratch.Dispose();
}
