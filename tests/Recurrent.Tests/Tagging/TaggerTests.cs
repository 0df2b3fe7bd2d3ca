using Recurrent.Autograd;
using Recurrent.Data;
using Recurrent.Layers;
using Recurrent.Tasks.Tagging;

namespace Recurrent.Tests.Tagging;

/// <summary>
/// The tagging task's own parts: the vocabularies, batches longest first, the model's two outputs, training on a toy
/// corpus, and the saved tagger (<see cref="Tagger"/>) that tags and scores as the trained one did.
/// </summary>
public class TaggerTests
{
    private static TaggedSentence Sentence(string tokens, string tags, int document = 0) =>
        new(tokens.Split(' '), tags.Split(' '), document, new SourceLocation("test", 1));

    private static readonly TaggedSentence[] Corpus =
    [
        Sentence("Anna Berg visited Paris .", "B-PER I-PER O B-LOC O"),
        Sentence("Paul went to Rome on Monday .", "B-PER O O B-LOC O O O"),
        Sentence("Shares of Acme rose .", "O O B-ORG O O"),
        Sentence("Rome is big", "B-LOC O O", document: 1),
    ];

    private static TaggingModel Model(TaggingVocabulary vocabulary, bool crf = true, CharacterEncoderOptions? characters = null) =>
        new(new TaggingModelOptions
        {
            WordVocabularySize = vocabulary.Words.Count, TagCount = vocabulary.Tags.Count, WordEmbeddingDimension = 8, HiddenSize = 6, Crf = crf,
            Characters = (characters ?? new CharacterEncoderOptions { OutputSize = 4, EmbeddingSize = 3 }) with { VocabularySize = vocabulary.Characters.Count },
        }, new Rng(3));

    [Fact]
    public void Word_keys_are_lower_case_with_digits_as_zero()
    {
        Assert.Equal("paris", TaggingVocabulary.WordKey("PARIS"));
        Assert.Equal("0000-00-00", TaggingVocabulary.WordKey("1996-08-22"));
    }

    [Fact]
    public void The_vocabulary_adds_pretrained_words_after_the_training_words_and_lists_O_first()
    {
        var vocabulary = TaggingVocabulary.Build(Corpus, pretrainedWords: ["london", "Paris"]);
        Assert.Equal("O", vocabulary.Tags[0]);
        Assert.Equal(["O", "B-LOC", "B-ORG", "B-PER", "I-PER"], vocabulary.Tags);
        int paris = vocabulary.Words.IndexOf("paris"), london = vocabulary.Words.IndexOf("london");
        Assert.True(paris > 1 && london == vocabulary.Words.Count - 1, "london comes last, paris once");
        Assert.Equal([vocabulary.Words.IndexOf("rome"), 1], vocabulary.EncodeWords(["ROME", "Unseen"]));
        Assert.Contains("Tag 'I-LOC'", Assert.Throws<ArgumentException>(() => vocabulary.EncodeTags(["I-LOC"])).Message);
    }

    [Fact]
    public void A_batch_holds_its_sentences_longest_first_and_says_which_is_which()
    {
        var vocabulary = TaggingVocabulary.Build(Corpus);
        var batch = TaggingBatches.Of(Corpus, vocabulary, readsCharacters: true, batchSize: 4).Gather([2, 3, 1]);
        Assert.Equal([1, 2, 3], batch.Sentences);
        Assert.Equal([7, 5, 3], batch.Lengths);
        Assert.Equal(7, batch.Steps);
        Assert.Equal(TaggingBatch.PaddingTag, batch.Tags![2 * 7 + 3]);
        Assert.Equal(vocabulary.Words.IndexOf("rome"), batch.Words[2 * 7]);
        Assert.Equal(3, batch.Characters!.BatchSize);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void The_loss_backpropagates_to_every_parameter_and_predictions_have_each_sentence_length(bool crf)
    {
        var vocabulary = TaggingVocabulary.Build(Corpus);
        var model = Model(vocabulary, crf);
        var batch = TaggingBatches.Of(Corpus, vocabulary, readsCharacters: true, batchSize: 4).Gather([0, 1, 2, 3]);
        using (var tape = new Tape()) model.Loss(batch).Backward();
        foreach (var (name, parameter) in model.NamedParameters())
            Assert.True(parameter.Grad is { } grad && grad.ReadOnlySpan.ContainsAnyExcept(0f), $"{name} got no gradient");
        using (Tape.NoGrad())
        using (Module.Evaluating())
            Assert.Equal([7, 5, 5, 3], model.Predict(batch).Select(path => path.Length));
    }

    [Fact]
    public void Training_on_a_toy_corpus_reaches_high_f1_and_the_saved_tagger_tags_as_the_trained_one()
    {
        using var folder = new EndToEnd.ScratchDirectory("tagger");
        var run = TaggingTraining.Run(new TaggingTrainingOptions
        {
            DataPath = EndToEnd.TaggingData.Train, ValidationPath = EndToEnd.TaggingData.Valid,
            Model = new TaggingModelOptions { HiddenSize = 16, WordEmbeddingDimension = 16, Characters = new CharacterEncoderOptions { OutputSize = 8 } },
            Trainer = new TaggingTrainingOptions().Trainer with { Epochs = 12, LearningRate = 0.01f, Directory = folder.PathOf("ner") },
        });
        Assert.True(run.Validation!.Scores.F1 > 0.8, $"F1 {run.Validation.Scores.F1}");
        var loaded = Tagger.Load(folder.PathOf("ner"));
        string[][] sentences = [["Nina", "Duarte", "visited", "Chile", "."], ["Acme", "shares", "rose", "in", "Lima", "on", "Monday", "."]];
        Assert.Equal(run.Tagger.Tag(sentences), loaded.Tag(sentences));
        var held = TaggedCorpusReader.Read(EndToEnd.TaggingData.Valid).Sentences;
        Assert.Equal(run.Validation.Scores.F1, loaded.Evaluate(held).Scores.F1, 9);
        Assert.Equal(TagScheme.Iob1, loaded.Scheme);
    }

    [Fact]
    public void Evaluation_reads_tags_of_another_scheme_into_the_model_scheme()
    {
        var vocabulary = TaggingVocabulary.Build(Corpus);
        var tagger = new Tagger(Model(vocabulary), vocabulary, TagScheme.Iob2);
        var bioes = Corpus.Select(s => s with { Tags = TagSchemes.Convert(s.Tags, TagScheme.Iob2, TagScheme.Bioes) }).ToArray();
        Assert.Contains("E-PER", bioes[0].Tags);
        var inModel = tagger.InModelScheme(bioes);
        Assert.Equal(Corpus.Select(s => s.Tags), inModel.Select(s => s.Tags));
    }
}
