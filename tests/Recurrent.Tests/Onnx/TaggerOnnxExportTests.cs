using Google.Protobuf;
using Recurrent.Data;
using Recurrent.Onnx.Tagging;
using Recurrent.Recurrence;
using Recurrent.Tasks.Tagging;

namespace Recurrent.Tests.Onnx;

/// <summary>
/// Tiny taggers built in code with seeded weights, exported to ONNX and run by ONNX Runtime on a padded batch of sentences of
/// unequal lengths and words of unequal lengths (the padding holds real ids, which must not matter): the emissions (and a
/// softmax tagger's probabilities) equal Recurrent's (<see cref="TaggingModel.Emissions(TaggingBatch)"/>) to 1e-5, and the
/// tags decoded from them (Viterbi on the exported CRF scores, or the best tag per token) are those of <see cref="Tagger.Tag"/>.
/// </summary>
public sealed class TaggerOnnxExportTests
{
    private static readonly TaggedSentence[] Training =
    [
        Sentence("EU rejects German call to boycott British lamb .", "B-ORG O B-MISC O O O B-MISC O O"),
        Sentence("Peter Blackburn visited Paris in 1996-08-22", "B-PER I-PER O B-LOC O O"),
        Sentence("The U.N. said McDonald 's iPhone4 sold 3.5 million", "O B-ORG O B-PER O B-MISC O O O"),
    ];

    /// <summary>Sentences of 7, 1, 4 and 3 tokens, with words the vocabulary lacks and characters the training data lack.</summary>
    private static readonly IReadOnlyList<string>[] Sentences =
    [
        ["Blackburn", "said", "the", "EU", "rejects", "Zürich", "."],
        ["Paris"],
        ["1996", "McDonald", "visited", "iPhone4"],
        ["British", "lamb", "U.N."],
    ];

    public static TheoryData<string, TaggingModelOptions> Taggers => new()
    {
        { "lstm, character cnn, casing, crf", Options(CellKind.Lstm, CharacterEncoderKind.Cnn) },
        { "lstm, character lstm, casing, softmax", Options(CellKind.Lstm, CharacterEncoderKind.Lstm) with { Crf = false } },
        { "gru, no characters, no casing, crf", Options(CellKind.Gru, null) with { Casing = false } },
        { "gru reset-before, character cnn of kernel 5, softmax", Options(CellKind.GruResetBefore, CharacterEncoderKind.Cnn, kernel: 5) with { Crf = false } },
        { "2 layers lstm, character lstm, crf", Options(CellKind.Lstm, CharacterEncoderKind.Lstm) with { NumLayers = 2 } },
        { "elman, no characters, casing, softmax", Options(CellKind.Elman, null) with { Crf = false } },
    };

    [Theory]
    [MemberData(nameof(Taggers))]
    public void Onnx_runtime_gives_the_taggers_emissions_and_tags_on_a_padded_batch(string name, TaggingModelOptions options)
    {
        var tagger = Build(options);
        var batches = new TaggingBatches(Sentences, null, tagger.Vocabulary, options.Characters is not null, Sentences.Length);
        var batch = batches.Gather(Enumerable.Range(0, Sentences.Length).ToArray());
        var expected = tagger.Network.Emissions(batch).Value;                                              // [B, T, K], rows in batch.Sentences order

        using var session = new OnnxTaggerSession(TaggerExport.Build(tagger).ToByteArray());
        var actual = session.Run(Sentences, tagger.Vocabulary, padding: (b, t) => b * 7 + t * 5 + 3);

        int k = options.TagCount;
        float difference = 0;
        for (int row = 0; row < batch.Size; row++)
        {
            int sentence = batch.Sentences[row];
            for (int t = 0; t < Sentences[sentence].Count; t++)
                for (int j = 0; j < k; j++)
                {
                    float reference = expected.ReadOnlySpan[(row * batch.Steps + t) * k + j];
                    difference = Math.Max(difference, Math.Abs(actual.Emissions[sentence][t, j] - reference));
                    if (actual.Probabilities is { } probabilities)
                    {
                        float normaliser = Enumerable.Range(0, k).Sum(i => MathF.Exp(expected.ReadOnlySpan[(row * batch.Steps + t) * k + i] - reference));
                        difference = Math.Max(difference, Math.Abs(probabilities[sentence][t, j] - 1f / normaliser));
                    }
                }
        }
        Assert.True(difference <= 1e-5f, $"{name}: max abs difference {difference}");
        Assert.Equal(tagger.Tag(Sentences), actual.Paths().Select(path => tagger.Vocabulary.DecodeTags(path)));
    }

    [Fact]
    public void A_crf_taggers_forbidden_steps_are_minus_infinity_in_its_exported_transitions()
    {
        var tagger = Build(Options(CellKind.Lstm, null));
        using var session = new OnnxTaggerSession(TaggerExport.Build(tagger).ToByteArray());
        var outputs = session.Run(Sentences, tagger.Vocabulary, padding: (_, _) => 0);

        var tags = session.Tags;
        int k = tags.Length, outside = Array.IndexOf(tags, "O"), insidePerson = Array.IndexOf(tags, "I-PER"), beginPerson = Array.IndexOf(tags, "B-PER");
        Assert.Equal(float.NegativeInfinity, outputs.Transitions![outside * k + insidePerson]);        // IOB2: I-PER never follows O
        Assert.Equal(float.NegativeInfinity, outputs.Start![insidePerson]);                            // nor starts a sentence
        Assert.Equal(tagger.Network.Crf!.Transitions.Value.ReadOnlySpan[beginPerson * k + insidePerson], outputs.Transitions[beginPerson * k + insidePerson]);
        Assert.Equal(["emissions", "end_transitions", "start_transitions", "transitions"], session.OutputNames.Order());
        Assert.Equal(tagger.Vocabulary.Tags, tags);
    }

    [Fact]
    public void The_inputs_are_those_the_model_reads()
    {
        using var withAll = new OnnxTaggerSession(TaggerExport.Build(Build(Options(CellKind.Lstm, CharacterEncoderKind.Cnn))).ToByteArray());
        using var wordsOnly = new OnnxTaggerSession(TaggerExport.Build(Build(Options(CellKind.Lstm, null) with { Casing = false, Crf = false })).ToByteArray());

        Assert.Equal(["casings", "characters", "lengths", "tokens", "word_lengths"], withAll.InputNames.Order());
        Assert.Equal(["lengths", "tokens"], wordsOnly.InputNames.Order());
        Assert.Equal(["emissions", "probabilities"], wordsOnly.OutputNames.Order());
    }

    [Fact]
    public void The_onnx_checker_accepts_a_two_layer_tagger_with_a_character_cnn_and_a_crf()
    {
        var tagger = Build(Options(CellKind.Gru, CharacterEncoderKind.Cnn) with { NumLayers = 2 });
        string path = Path.Combine(Path.GetTempPath(), $"recurrent-onnx-tagger-check-{Guid.NewGuid():N}.onnx");
        try
        {
            TaggerExport.Write(tagger, path);
            OnnxChecker.AssertValid(path);
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>A tagger of <paramref name="options"/> (sizes filled in from <see cref="Training"/>'s vocabularies), its CRF
    /// constrained by IOB2 as a loaded tagger's is.</summary>
    private static Tagger Build(TaggingModelOptions options)
    {
        var vocabulary = TaggingVocabulary.Build(Training);
        options = options with
        {
            WordVocabularySize = vocabulary.Words.Count, TagCount = vocabulary.Tags.Count,
            Characters = options.Characters is { } characters ? characters with { VocabularySize = vocabulary.Characters.Count } : null,
        };
        var network = new TaggingModel(options, new Rng(18));
        network.Crf?.SetConstraints(TagSchemeConstraints.FromTags(vocabulary.Tags, TagScheme.Iob2));
        network.Eval();
        return new Tagger(network, vocabulary, TagScheme.Iob2);
    }

    private static TaggingModelOptions Options(CellKind cell, CharacterEncoderKind? characters, int kernel = 3) => new()
    {
        Cell = cell, WordEmbeddingDimension = 5, HiddenSize = 4, Dropout = 0.3f,
        Characters = characters is { } kind ? new CharacterEncoderOptions { Kind = kind, EmbeddingSize = 3, OutputSize = 4, KernelSize = kernel } : null,
    };

    private static TaggedSentence Sentence(string tokens, string tags) =>
        new(tokens.Split(' '), tags.Split(' '), 0, new SourceLocation("train.conll", 1));
}
