using System.Text.Json;
using Recurrent.Autograd;
using Recurrent.Tasks.Tagging;
using Recurrent.Tests.Goldens;
using Recurrent.Text;
using Module = Recurrent.Layers.Module;
using static Recurrent.Tests.Autograd.OpAssert;

namespace Recurrent.Tests.Tagging;

/// <summary>
/// The character encoders. The golden numbers are PyTorch 1.13's nn.Embedding → nn.Conv1d → masked max, and nn.Embedding →
/// bidirectional nn.LSTM over packed words → [h_fwd; h_bwd], in float64 (Goldens/CharacterEncoders/make_character_encoder_goldens.py):
/// the batch layout, the word vectors and the gradients of Σ outputs·R with respect to every parameter.
/// </summary>
public class CharacterEncoderTests
{
    private static readonly JsonElement Golden = LoadGolden();

    private static JsonElement LoadGolden()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Goldens", "CharacterEncoders", "character_encoders.json");
        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        return document.RootElement.Clone();
    }

    public static IEnumerable<object[]> GoldenCases() =>
        Golden.GetProperty("cases").EnumerateArray().Select(c => new object[] { c.GetProperty("name").GetString()! });

    private static JsonElement Case(string name) =>
        Golden.GetProperty("cases").EnumerateArray().Single(c => c.GetProperty("name").GetString() == name);

    private static CharacterBatch GoldenBatch(JsonElement golden)
    {
        var characters = new Vocabulary(golden.GetProperty("characters").EnumerateArray().Select(c => c.GetString()!));
        var sentences = golden.GetProperty("sentences").EnumerateArray()
            .Select(s => (IReadOnlyList<string>)s.EnumerateArray().Select(t => t.GetString()!).ToList()).ToList();
        return CharacterBatch.Build(sentences, characters);
    }

    private static ICharacterEncoder GoldenEncoder(JsonElement golden)
    {
        var options = new CharacterEncoderOptions
        {
            Kind = golden.GetProperty("kind").GetString() == "cnn" ? CharacterEncoderKind.Cnn : CharacterEncoderKind.Lstm,
            VocabularySize = golden.GetProperty("characters").GetArrayLength(),
            EmbeddingSize = golden.GetProperty("embedding_size").GetInt32(),
            OutputSize = golden.GetProperty("output_size").GetInt32(),
            KernelSize = golden.GetProperty("kernel_size").ValueKind == JsonValueKind.Null ? 3 : golden.GetProperty("kernel_size").GetInt32(),
        };
        return ICharacterEncoder.Create(options, new Rng(1));
    }

    private static int[] Ints(JsonElement element) =>
        element.ValueKind == JsonValueKind.Array ? element.EnumerateArray().SelectMany(Ints).ToArray() : [element.GetInt32()];

    [Theory]
    [MemberData(nameof(GoldenCases))]
    public void The_batch_layout_matches_pytorch_s(string name)
    {
        var golden = Case(name);
        var batch = GoldenBatch(golden);
        Assert.Equal(golden.GetProperty("words").EnumerateArray().Select(w => w.GetString()!), batch.Words);
        Assert.Equal(Ints(golden.GetProperty("character_ids")), batch.CharacterIds);
        Assert.Equal(Ints(golden.GetProperty("word_lengths")), batch.WordLengths);
        Assert.Equal(Ints(golden.GetProperty("token_rows")), batch.TokenRows);
    }

    [Theory]
    [MemberData(nameof(GoldenCases))]
    public void Word_vectors_and_gradients_match_pytorch(string name)
    {
        var golden = Case(name);
        var encoder = GoldenEncoder(golden);
        var module = (Module)encoder;
        var parameters = golden.GetProperty("parameters");
        Assert.Equal(parameters.EnumerateObject().Select(p => p.Name), module.NamedParameters().Select(p => p.Name));
        foreach (var parameter in parameters.EnumerateObject())
            module.GetParameter(parameter.Name).Assign(GoldenCase.ToTensor(parameter.Value));
        using (var tape = new Tape())
        {
            var outputs = encoder.Forward(GoldenBatch(golden));
            AssertClose(GoldenCase.ToTensor(golden.GetProperty("outputs")), outputs.Value, "outputs");
            var loss = Ops.Dot(outputs, GoldenCase.ToTensor(golden.GetProperty("loss_weights")));
            Assert.Equal(golden.GetProperty("loss").GetDouble(), loss.Value.Data[0], 1e-4);
            loss.Backward();
        }
        foreach (var gradient in golden.GetProperty("gradients").EnumerateObject())
            AssertClose(GoldenCase.ToTensor(gradient.Value), module.GetParameter(gradient.Name).Grad!, $"gradient of {gradient.Name}");
    }

    /// <summary>Same shape, and every element within 1e-5 relative (1e-5 absolute near zero) of PyTorch's float64 value.</summary>
    private static void AssertClose(Tensor expected, Tensor actual, string what)
    {
        Assert.Equal(expected.Shape, actual.Shape);
        for (int i = 0; i < expected.Size; i++)
            Assert.True(Math.Abs(expected.Data[i] - actual.Data[i]) <= 1e-5f * Math.Max(1f, Math.Abs(expected.Data[i])),
                $"{what}[{i}]: PyTorch {expected.Data[i]}, Recurrent {actual.Data[i]}.");
    }

    private static CharacterBatch SmallBatch() =>
        CharacterBatch.Build([["ab", "ba", "abc"], ["ca", "b"]], new Vocabulary(["<pad>", "<unk>", "a", "b", "c"]));

    [Theory]
    [InlineData(CharacterEncoderKind.Cnn)]
    [InlineData(CharacterEncoderKind.Lstm)]
    public void Token_features_backpropagate_into_every_parameter(CharacterEncoderKind kind)
    {
        var batch = SmallBatch();
        var encoder = ICharacterEncoder.Create(new CharacterEncoderOptions
        {
            Kind = kind, VocabularySize = 5, EmbeddingSize = 3, OutputSize = 4,
        }, new Rng(11));
        var parameters = ((Module)encoder).Parameters().ToArray();
        MatchesFiniteDifferences(() => batch.TokenFeatures(encoder.Forward(batch)), parameters);
    }

    [Fact]
    public void A_word_s_cnn_vector_does_not_depend_on_the_longer_words_of_its_batch()
    {
        var characters = new Vocabulary(["<pad>", "<unk>", "a", "b", "c"]);
        var encoder = ICharacterEncoder.Create(new CharacterEncoderOptions { VocabularySize = 5, EmbeddingSize = 3, OutputSize = 16 }, new Rng(3));
        var alone = encoder.Forward(CharacterBatch.Build([["ab"]], characters)).Value;
        var padded = encoder.Forward(CharacterBatch.Build([["ab", "abcabc"]], characters)).Value;
        Equal(alone.Data, Ops.Slice(new Variable(padded), 0, 0, 1).Value, 1e-6f);
    }

    [Fact]
    public void A_word_s_lstm_vector_does_not_depend_on_the_longer_words_of_its_batch()
    {
        var characters = new Vocabulary(["<pad>", "<unk>", "a", "b", "c"]);
        var encoder = ICharacterEncoder.Create(new CharacterEncoderOptions
        {
            Kind = CharacterEncoderKind.Lstm, VocabularySize = 5, EmbeddingSize = 3, OutputSize = 16,
        }, new Rng(3));
        var alone = encoder.Forward(CharacterBatch.Build([["ab"]], characters)).Value;
        var padded = encoder.Forward(CharacterBatch.Build([["ab", "abcabc"]], characters)).Value;
        Equal(alone.Data, Ops.Slice(new Variable(padded), 0, 0, 1).Value, 1e-6f);
    }

    [Fact]
    public void The_default_encoder_is_a_cnn_of_50_features_over_30_dimensional_characters()
    {
        var encoder = ICharacterEncoder.Create(new CharacterEncoderOptions { VocabularySize = 80 }, new Rng(1));
        Assert.IsType<CharacterCnnEncoder>(encoder);
        Assert.Equal(50, encoder.OutputSize);
        var shapes = ((Module)encoder).NamedParameters().Select(p => (p.Name, Tensor.ShapeText(p.Parameter.Shape)));
        Assert.Equal([("embedding.weight", "[80, 30]"), ("conv.weight", "[50, 30, 3]"), ("conv.bias", "[50]")], shapes);
    }

    [Fact]
    public void The_lstm_encoder_has_half_the_output_size_per_direction()
    {
        var encoder = ICharacterEncoder.Create(new CharacterEncoderOptions { Kind = CharacterEncoderKind.Lstm, VocabularySize = 80 }, new Rng(1));
        Assert.IsType<CharacterLstmEncoder>(encoder);
        Assert.Equal(50, encoder.OutputSize);
        Assert.Equal([100, 25], ((Module)encoder).GetParameter("lstm.weight_hh_l0_reverse").Shape);
    }

    [Fact]
    public void An_odd_lstm_output_size_is_rejected_naming_the_option()
    {
        var e = Assert.Throws<ArgumentException>(() => new CharacterEncoderOptions
        {
            Kind = CharacterEncoderKind.Lstm, VocabularySize = 5, OutputSize = 51,
        }.Validate());
        Assert.Contains("CharacterEncoderOptions.OutputSize must be even", e.Message);
    }

    [Fact]
    public void An_even_cnn_kernel_is_rejected_naming_the_option()
    {
        var e = Assert.Throws<ArgumentException>(() => new CharacterEncoderOptions { VocabularySize = 5, KernelSize = 4 }.Validate());
        Assert.Contains("CharacterEncoderOptions.KernelSize must be odd", e.Message);
    }

    [Fact]
    public void A_vocabulary_without_room_for_pad_and_unk_is_rejected_naming_the_option()
    {
        var e = Assert.Throws<ArgumentException>(() => new CharacterEncoderOptions { VocabularySize = 1 }.Validate());
        Assert.Contains("CharacterEncoderOptions.VocabularySize must be at least 2", e.Message);
    }
}
