using Recurrent.Tasks.LanguageModel;
using Recurrent.Text;

namespace Recurrent.Tests.LanguageModel;

public class LanguageModelTokenizerTests
{
    [Fact]
    public void Word_level_keeps_case_splits_punctuation_and_marks_each_newline()
    {
        var tokenizer = new LanguageModelTokenizer(TokenLevel.Word);
        Assert.Equal(new[] { "ROMEO", ":", "<eos>", "What", ",", "ho", "!", "<eos>", "<eos>", "Exit" },
            tokenizer.Tokenize("ROMEO:\nWhat, ho!\n\nExit"));
        Assert.Equal("ROMEO :\nWhat , ho !\n\nExit", tokenizer.Join(tokenizer.Tokenize("ROMEO:\nWhat, ho!\n\nExit")));
    }

    [Fact]
    public void Character_level_joins_back_to_the_text()
    {
        var tokenizer = new LanguageModelTokenizer(TokenLevel.Character);
        Assert.Equal(LanguageModelFixture.Text, tokenizer.Join(tokenizer.Tokenize(LanguageModelFixture.Text)));
    }
}
