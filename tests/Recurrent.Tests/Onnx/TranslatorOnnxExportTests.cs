using Google.Protobuf;
using Recurrent.Onnx.Translation;
using Recurrent.Recurrence;
using Recurrent.Tasks.Translation;
using Recurrent.Text;

namespace Recurrent.Tests.Onnx;

/// <summary>
/// Tiny translators built in code with seeded weights, exported to ONNX: greedy decoding run entirely in ONNX Runtime (the
/// encoder once on a padded batch of unequal source lengths whose padding holds real ids, the decoder step looped) gives the
/// tokens, log-probabilities and attention rows of Recurrent's own greedy search (<see cref="TranslationSearch"/> with beam
/// width 1) for every attention kind, bridge and cell, to 1e-5.
/// </summary>
public sealed class TranslatorOnnxExportTests
{
    private const int SourceVocabulary = 11, TargetVocabulary = 12;

    /// <summary>Source sentences of lengths 6, 1 and 3.</summary>
    private static readonly long[][] Sources = [[4, 9, 5, 10, 7, 6], [8], [5, 5, 10]];

    private static readonly TranslationSearchOptions Greedy = new() { BeamWidth = 1 };

    public static TheoryData<string, TranslationModelOptions> Translators => new()
    {
        { "gru, no attention", Options(AttentionKind.None) },
        { "gru, bahdanau", Options(AttentionKind.Bahdanau) },
        { "gru, luong dot", Options(AttentionKind.LuongDot) },
        { "gru, luong general", Options(AttentionKind.LuongGeneral) },
        { "gru, luong concat", Options(AttentionKind.LuongConcat) },
        { "lstm, 2 layers, bahdanau", Options(AttentionKind.Bahdanau) with { Cell = CellKind.Lstm, NumLayers = 2 } },
        { "lstm, zeros bridge, luong general", Options(AttentionKind.LuongGeneral) with { Cell = CellKind.Lstm, Bridge = BridgeKind.Zeros } },
        { "gru reset-before, unidirectional, luong concat, tied", Options(AttentionKind.LuongConcat) with
            { Cell = CellKind.GruResetBefore, BidirectionalEncoder = false, TieWeights = true } },
        { "elman, 2 layers, luong dot", Options(AttentionKind.LuongDot) with { Cell = CellKind.Elman, NumLayers = 2 } },
    };

    [Theory]
    [MemberData(nameof(Translators))]
    public void Greedy_decoding_in_onnx_runtime_gives_recurrents_greedy_translations(string name, TranslationModelOptions options)
    {
        var translator = Model(options);
        var expected = TranslationSearch.Translate(translator.Network, Sources.Select(row => Array.ConvertAll(row, id => (int)id)).ToArray(), Greedy);
        var onnx = TranslatorExport.Build(translator);
        using var session = new OnnxTranslatorSession(onnx.Encoder.ToByteArray(), onnx.DecoderStep.ToByteArray());
        var actual = session.Greedy(Sources, Greedy.MaxLength, padding: (b, t) => (b * 3 + t * 7) % SourceVocabulary);

        double difference = 0;
        for (int b = 0; b < Sources.Length; b++)
        {
            Assert.Equal(expected[b].Tokens.Select(id => (long)id), actual[b].Tokens);
            difference = Math.Max(difference, Math.Abs(expected[b].LogProbability - actual[b].LogProbability));
            Assert.Equal(expected[b].Attention.Length, options.Attention == AttentionKind.None ? 0 : actual[b].Attention.Length);
            for (int step = 0; step < expected[b].Attention.Length; step++)
                for (int i = 0; i < Sources[b].Length; i++)
                    difference = Math.Max(difference, Math.Abs(expected[b].Attention[step][i] - actual[b].Attention[step][i]));
        }
        Assert.True(difference <= 1e-5, $"{name}: max abs difference {difference}");
    }

    [Fact]
    public void The_vocabularies_and_special_ids_travel_in_the_metadata()
    {
        var onnx = TranslatorExport.Build(Model(Options(AttentionKind.Bahdanau)));
        using var session = new OnnxTranslatorSession(onnx.Encoder.ToByteArray(), onnx.DecoderStep.ToByteArray());

        Assert.Equal(Words("s", SourceVocabulary), System.Text.Json.JsonSerializer.Deserialize<string[]>(session.Metadata("source_vocabulary")));
        Assert.Equal(Words("t", TargetVocabulary), System.Text.Json.JsonSerializer.Deserialize<string[]>(session.Metadata("target_vocabulary")));
        Assert.Equal(("0", "1", "2", "3"), (session.Metadata("pad_id"), session.Metadata("unk_id"), session.Metadata("bos_id"), session.Metadata("eos_id")));
        Assert.Equal(("word", "true", "Bahdanau"), (session.Metadata("level"), session.Metadata("lowercase"), session.Metadata("attention")));
    }

    [Fact]
    public void The_onnx_checker_accepts_both_models_of_a_two_layer_lstm_with_luong_concat_attention()
    {
        var translator = Model(Options(AttentionKind.LuongConcat) with { Cell = CellKind.Lstm, NumLayers = 2 });
        string path = Path.Combine(Path.GetTempPath(), $"recurrent-onnx-translator-{Guid.NewGuid():N}.onnx");
        string stepPath = TranslatorExport.Write(translator, path);
        try
        {
            OnnxChecker.AssertValid(path, stepPath);
        }
        finally
        {
            File.Delete(path);
            File.Delete(stepPath);
        }
    }

    private static Translator Model(TranslationModelOptions options)
    {
        var network = new TranslationModel(options, new Rng(18));
        network.Eval();
        return new Translator(network, new TranslationTokenizer(TokenLevel.Word, lowercase: true),
            new TranslationVocabulary(new Vocabulary(Words("s", SourceVocabulary))), new TranslationVocabulary(new Vocabulary(Words("t", TargetVocabulary))));
    }

    /// <summary>The four special tokens, then words prefix4 … prefix(count − 1).</summary>
    private static string[] Words(string prefix, int count) =>
        [.. TranslationVocabulary.SpecialTokens, .. Enumerable.Range(4, count - 4).Select(i => $"{prefix}{i}")];

    private static TranslationModelOptions Options(AttentionKind attention) => new()
    {
        SourceVocabularySize = SourceVocabulary, TargetVocabularySize = TargetVocabulary, Cell = CellKind.Gru, EmbeddingDimension = 5,
        HiddenSize = 3, NumLayers = 1, BidirectionalEncoder = true, Attention = attention, AttentionSize = 4, Dropout = 0.2f,
    };
}
