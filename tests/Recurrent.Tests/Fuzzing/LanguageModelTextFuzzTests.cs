using Recurrent.Tasks.LanguageModel;
using Recurrent.Text;

namespace Recurrent.Tests.Fuzzing;

/// <summary>
/// The text that <c>rnn train lm</c> reads, from mutated copies of tiny-shakespeare, prepared as training prepares it
/// (read, split for validation, tokenized by character and by word, counted into a vocabulary, laid out in streams):
/// token ids within the vocabulary, or a documented error (an empty file, a text too short for the streams).
/// </summary>
public sealed class LanguageModelTextFuzzTests : IDisposable
{
    private const int Iterations = 1000;

    private readonly InputFolder scratch = new("fuzz-lm-text");

    [Fact]
    public void A_mutated_text_becomes_token_streams_within_the_vocabulary_or_gives_a_documented_error()
    {
        var inputs = ByteMutations.Of([FuzzSeeds.BundledHead("tinyshakespeare/input.txt", 25), FuzzSeeds.BundledHead("tinyshakespeare/input.txt", 3)]);
        string path = scratch.PathOf("input.txt");
        ReaderFuzzer.Check("lm-text", inputs, input =>
        {
            File.WriteAllBytes(path, input);
            string text = LanguageModelTraining.ReadText(path);
            foreach (var level in new[] { TokenLevel.Character, TokenLevel.Word })
            {
                var (train, validation) = LanguageModelTraining.Split(text, 0.1, level);
                Assert.Equal(text, train + validation);
                var tokenizer = new LanguageModelTokenizer(level);
                var trainTokens = tokenizer.Tokenize(train);
                var vocabulary = Vocabulary.Build([trainTokens], new VocabularyOptions { MaxSize = 50 });
                int[] ids = [.. vocabulary.Encode(trainTokens), .. vocabulary.Encode(tokenizer.Tokenize(validation))];
                Assert.All(ids, id => Assert.InRange(id, 0, vocabulary.Count - 1));
                if (trainTokens.Count < 3) continue;
                var streams = new TextStreams(vocabulary.Encode(trainTokens), 2, 8);
                for (int window = 0; window < streams.WindowCount; window++) Assert.Equal(2 * streams.Window(window).Steps, streams.Window(window).Inputs.Length);
            }
        }, Iterations);
    }

    public void Dispose() => scratch.Dispose();
}
