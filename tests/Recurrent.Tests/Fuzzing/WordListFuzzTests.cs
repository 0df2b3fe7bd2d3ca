using System.Text;
using CsCheck;
using Recurrent.Tasks.LanguageModel;
using Recurrent.Text;

namespace Recurrent.Tests.Fuzzing;

/// <summary>
/// Pre-trained word vectors (GloVe and word2vec text) and vocabulary files on mutated copies of real ones: vectors and
/// a vocabulary that are usable, or a <see cref="TextFormatException"/> naming the line.
/// </summary>
public sealed class WordListFuzzTests
{
    private const int Iterations = 4000;

    [Fact]
    public void Mutated_word_vectors_give_finite_vectors_of_one_dimension_or_a_text_format_error()
    {
        var seeds = FuzzSeeds.Fixtures("Text/Fixtures", "*.txt").Select(bytes => Head(bytes, 6)).ToList();
        ReaderFuzzer.Check("word-vectors", ByteMutations.Of(seeds), input =>
        {
            foreach (bool skip in new[] { false, true })
            {
                PretrainedVectors vectors;
                try
                {
                    vectors = PretrainedVectors.Read(Decode(input), "vectors.txt", skip);
                }
                catch (TextFormatException)
                {
                    continue;
                }
                Assert.True(vectors.Count > 0 && vectors.Dimension > 0, $"{vectors.Count} vectors of dimension {vectors.Dimension}");
                Assert.Equal([vectors.Count, vectors.Dimension], vectors.Vectors.Shape);
                Assert.Equal(vectors.Count, vectors.Words.Distinct(StringComparer.Ordinal).Count());
                Assert.All(vectors.Words, word => Assert.NotEmpty(word));
                Assert.True(vectors.Vectors.ReadOnlySpan.ToArray().All(float.IsFinite), "a value that is not finite was read");
            }
        }, Iterations);
    }

    [Fact]
    public void A_mutated_vocabulary_file_gives_a_vocabulary_that_starts_with_pad_and_unk_or_a_text_format_error()
    {
        var tokenizer = new LanguageModelTokenizer(TokenLevel.Character);
        var characters = Vocabulary.Build([tokenizer.Tokenize("First Citizen:\n\tBefore we \\proceed, hear me.\r\n")]);
        var words = Vocabulary.Build([["the", "movie", "was", "great", "<eos>", "C:\\path"]]);
        var seeds = new[] { characters, words }.Select(vocabulary =>
        {
            var text = new StringWriter();
            vocabulary.Write(text);
            return Encoding.UTF8.GetBytes(text.ToString());
        }).ToList();
        ReaderFuzzer.Check("vocabulary", ByteMutations.Of(seeds), input =>
        {
            Vocabulary vocabulary;
            try
            {
                vocabulary = Vocabulary.Read(Decode(input), "vocab.txt");
            }
            catch (TextFormatException)
            {
                return;
            }
            Assert.True(vocabulary.Count >= 2);
            Assert.Equal(Vocabulary.PadToken, vocabulary.TokenAt(Vocabulary.PadIndex));
            Assert.Equal(Vocabulary.UnknownToken, vocabulary.TokenAt(Vocabulary.UnknownIndex));
            Assert.Equal(vocabulary.Count, vocabulary.Tokens.Distinct(StringComparer.Ordinal).Count());
            Assert.All(vocabulary.Tokens, token => Assert.NotEmpty(token));
        }, Iterations);
    }

    /// <summary>The bytes as the loaders decode them: UTF-8 with a BOM recognised, invalid bytes replaced.</summary>
    private static StreamReader Decode(byte[] input) => new(new MemoryStream(input), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);

    private static byte[] Head(byte[] bytes, int lines) =>
        Encoding.UTF8.GetBytes(string.Concat(Encoding.UTF8.GetString(bytes).Split('\n').Take(lines).Select(l => l + "\n")));
}
