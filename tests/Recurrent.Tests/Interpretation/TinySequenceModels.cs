using Recurrent.Tasks.Tagging;
using Recurrent.Tasks.Translation;
using Recurrent.Tests.EndToEnd;
using Recurrent.Tests.Translation;
using Recurrent.Training;

namespace Recurrent.Tests.Interpretation;

/// <summary>
/// Small sequence models trained in-process for the explainers' tests, each once, in a few seconds: Bi-LSTM taggers with
/// a CRF and with a softmax output on the toy CoNLL corpus, and a GRU translator with Bahdanau attention on the phrase book.
/// Nothing is saved (no trainer directory).
/// </summary>
internal static class TinySequenceModels
{
    private static readonly Lazy<Tagger> CrfTagger = new(() => TrainTagger(crf: true));
    private static readonly Lazy<Tagger> SoftmaxTagger = new(() => TrainTagger(crf: false));
    private static readonly Lazy<Translator> PhraseBookTranslator = new(TrainTranslator);

    /// <summary>The tagger with a CRF output (<paramref name="crf"/>) or a softmax per token.</summary>
    public static Tagger Tagger(bool crf) => crf ? CrfTagger.Value : SoftmaxTagger.Value;

    public static Translator Translator => PhraseBookTranslator.Value;

    private static Tagger TrainTagger(bool crf) => TaggingTraining.Run(new TaggingTrainingOptions
    {
        DataPath = TaggingData.Train, ValidationPath = TaggingData.Valid,
        Model = new TaggingModelOptions
        {
            WordEmbeddingDimension = 12, HiddenSize = 12, Crf = crf, Dropout = 0.1f,
            Characters = new CharacterEncoderOptions { OutputSize = 6, EmbeddingSize = 6 },
        },
        Trainer = new TaggingTrainingOptions().Trainer with { Epochs = 4, LearningRate = 0.02f },
    }).Tagger;

    private static Translator TrainTranslator() => TranslationTraining.Run(new TranslationTrainingOptions
    {
        DataPath = TranslationFixture.PhraseBook, BatchSize = 16,
        Model = new TranslationModelOptions { EmbeddingDimension = 12, HiddenSize = 12 },
        Trainer = new TrainerOptions { Epochs = 6, LearningRate = 0.02f, ClipNorm = 1f },
    }).Translator;
}
