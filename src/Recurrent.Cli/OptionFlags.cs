using System.Text.RegularExpressions;
using Recurrent.Training;

namespace Recurrent.Cli;

/// <summary>
/// The library's messages name its options as <c>TypeName.PropertyName</c> ("lower the learning rate
/// (TrainerOptions.LearningRate)"); a command-line user set them with flags, so every library message the program shows,
/// as an error or as a training notice, names the flag instead ("(--lr)").
/// </summary>
internal static partial class OptionFlags
{
    /// <summary>The flag that sets each library option a message can name.</summary>
    public static readonly IReadOnlyDictionary<string, string> Table = new Dictionary<string, string>
    {
        ["TrainerOptions.Epochs"] = "--epochs",
        ["TrainerOptions.Optimizer"] = "--optimizer",
        ["TrainerOptions.LearningRate"] = "--lr",
        ["TrainerOptions.WeightDecay"] = "--weight-decay",
        ["TrainerOptions.ClipNorm"] = "--clip",
        ["TrainerOptions.ClipValue"] = "--clip-value",
        ["TrainerOptions.WarmupSteps"] = "--warmup",
        ["TrainerOptions.Seed"] = "--seed",
        ["TrainerOptions.TimeLimit"] = "--time-limit",
        ["TrainerOptions.Monitor"] = "--monitor",
        ["TrainerOptions.EarlyStoppingPatience"] = "--early-stopping",
        ["TrainerOptions.ReduceLearningRatePatience"] = "--reduce-lr-on-plateau",
        ["TrainerOptions.Schedule"] = "--lr-schedule",
        ["TrainerOptions.ValidateEverySteps"] = "--eval-every",
        ["TrainerOptions.ValidateEvery"] = "--eval-every",
        ["TrainerOptions.CheckpointEvery"] = "--checkpoint-every",
        ["TrainerOptions.Directory"] = "--out",
        ["TrainerOptions.Resume"] = "--resume",
        ["TrainerOptions.Overwrite"] = "--overwrite",

        ["ReadOptions.Format"] = "--format",
        ["ReadOptions.TextColumn"] = "--text-column",
        ["ReadOptions.LabelColumn"] = "--label-column",
        ["ReadOptions.JoinedTextColumns"] = "--text-column",
        ["ReadOptions.SkipBadRows"] = "--skip-bad-rows",

        ["ClassificationTrainingOptions.TrainPaths"] = "--data",
        ["ClassificationTrainingOptions.ValidationPaths"] = "--valid",
        ["ClassificationTrainingOptions.ValidationSplit"] = "--valid-split",
        ["ClassificationTrainingOptions.BatchSize"] = "--batch-size",
        ["ClassificationTrainingOptions.PretrainedVectors"] = "--pretrained",
        ["ClassificationTrainingOptions.PretrainedVocabulary"] = "--pretrained-vocabulary",
        ["ClassificationTrainingOptions.ClassWeights"] = "--class-weights",
        ["ClassificationTrainingOptions.Baseline"] = "--baseline",
        ["TextPreprocessing.Level"] = "--level",
        ["TextPreprocessing.Lowercase"] = "--lowercase",
        ["TextPreprocessing.MaxLength"] = "--max-length",
        ["TextPreprocessing.MinCount"] = "--min-count",
        ["TextClassifierOptions.Cell"] = "--model",
        ["TextClassifierOptions.HiddenSize"] = "--hidden",
        ["TextClassifierOptions.NumLayers"] = "--layers",
        ["TextClassifierOptions.Bidirectional"] = "--bidirectional",
        ["TextClassifierOptions.EmbeddingDimension"] = "--embedding-dim",
        ["TextClassifierOptions.PretrainedMode"] = "--pretrained-mode",
        ["TextClassifierOptions.FreezeEmbeddings"] = "--freeze-embeddings",
        ["TextClassifierOptions.Pooling"] = "--pooling",
        ["TextClassifierOptions.DenseLayers"] = "--dense",
        ["TextClassifierOptions.Dropout"] = "--dropout",
        ["TextClassifierOptions.EmbeddingDropout"] = "--embedding-dropout",
        ["TextClassifierOptions.Merge"] = "--merge",
        ["TextClassifierOptions.InputWeightInit"] = "--init",
        ["TextClassifierOptions.RecurrentWeightInit"] = "--recurrent-init",
        ["TextClassifierOptions.ForgetGateBiasOne"] = "--forget-bias-one",
        ["TextClassifierOptions.Nonlinearity"] = "--nonlinearity",
        ["TfIdfOptions.MaxFeatures"] = "--max-features",
        ["HeatMapChart.Palette"] = "--palette",

        ["LanguageModelTrainingOptions.DataPath"] = "--data",
        ["LanguageModelTrainingOptions.SequenceLength"] = "--seq-length",
        ["LanguageModelTrainingOptions.BatchSize"] = "--batch-size",
        ["LanguageModelTrainingOptions.ValidationFraction"] = "--valid-fraction",
        ["LanguageModelTrainingOptions.MaxVocabulary"] = "--max-vocab",
        ["LanguageModelTrainingOptions.Seed"] = "--seed",
        ["LanguageModelOptions.Level"] = "--level",
        ["LanguageModelOptions.Cell"] = "--model",
        ["LanguageModelOptions.HiddenSize"] = "--hidden",
        ["LanguageModelOptions.NumLayers"] = "--layers",
        ["LanguageModelOptions.EmbeddingDimension"] = "--embedding-dim",
        ["LanguageModelOptions.Dropout"] = "--dropout",
        ["LanguageModelOptions.TieWeights"] = "--tie-weights",
        ["LanguageModelOptions.InputWeightInit"] = "--init",
        ["LanguageModelOptions.RecurrentWeightInit"] = "--recurrent-init",
        ["LanguageModelOptions.ForgetGateBiasOne"] = "--forget-bias-one",
        ["LanguageModelOptions.Nonlinearity"] = "--nonlinearity",

        ["ForecastingTrainingOptions.DataPath"] = "--data",
        ["ForecastingTrainingOptions.TestFraction"] = "--test-fraction",
        ["ForecastingTrainingOptions.ValidationFraction"] = "--valid-split",
        ["ForecastingTrainingOptions.Season"] = "--season",
        ["ForecastingTrainingOptions.Lookback"] = "--lookback",
        ["ForecastingTrainingOptions.Horizon"] = "--horizon",
        ["ForecastingTrainingOptions.Scaling"] = "--scale",
        ["ForecastingTrainingOptions.BatchSize"] = "--batch-size",
        ["SeriesSplit.TestFraction"] = "--test-fraction",
        ["SeriesSplit.ValidationFraction"] = "--valid-split",
        ["TimeSeriesReadOptions.TimeColumn"] = "--time-column",
        ["TimeSeriesReadOptions.NoTimeColumn"] = "--no-time-column",
        ["TimeSeriesReadOptions.ValueColumn"] = "--column",
        ["TimeSeriesReadOptions.ExogenousColumns"] = "--exogenous",
        ["TimeSeriesReadOptions.Fill"] = "--fill",
        ["ForecastingModelOptions.Cell"] = "--model",
        ["ForecastingModelOptions.Strategy"] = "--strategy",
        ["ForecastingModelOptions.Dropout"] = "--dropout",
        ["ForecastingModelOptions.Quantiles"] = "--quantiles",
        ["ForecastingModelOptions.Lookback"] = "--lookback",
        ["ForecastingModelOptions.Horizon"] = "--horizon",
        ["ForecastingModelOptions.LinearSkip"] = "--linear-term",
        ["ConvolutionOptions.Channels"] = "--channels",
        ["ConvolutionOptions.KernelSize"] = "--kernel",
        ["ConvolutionOptions.Pool"] = "--pool",

        ["TranslationTrainingOptions.DataPath"] = "--data",
        ["TranslationTrainingOptions.TargetPath"] = "--target-data",
        ["TranslationTrainingOptions.ValidationPath"] = "--valid",
        ["TranslationTrainingOptions.ValidationFraction"] = "--valid-split",
        ["TranslationTrainingOptions.SkipBadRows"] = "--skip-bad-rows",
        ["TranslationTrainingOptions.Level"] = "--level",
        ["TranslationTrainingOptions.Lowercase"] = "--lowercase",
        ["TranslationTrainingOptions.MinCount"] = "--min-count",
        ["TranslationTrainingOptions.BatchSize"] = "--batch-size",
        ["TranslationTrainingOptions.LabelSmoothing"] = "--label-smoothing",
        ["TranslationTrainingOptions.Seed"] = "--seed",
        ["TranslationModelOptions.Cell"] = "--model",
        ["TranslationModelOptions.EmbeddingDimension"] = "--embedding-dim",
        ["TranslationModelOptions.HiddenSize"] = "--hidden",
        ["TranslationModelOptions.NumLayers"] = "--layers",
        ["TranslationModelOptions.BidirectionalEncoder"] = "--bidirectional-encoder",
        ["TranslationModelOptions.Attention"] = "--attention",
        ["TranslationModelOptions.AttentionSize"] = "--attention-size",
        ["TranslationModelOptions.Bridge"] = "--bridge",
        ["TranslationModelOptions.Dropout"] = "--dropout",
        ["TranslationModelOptions.TieWeights"] = "--tie-weights",
        ["TeacherForcingSchedule.Ratio"] = "--teacher-forcing",
        ["TeacherForcingSchedule.Decay"] = "--teacher-forcing-decay",
        ["TeacherForcingSchedule.DecaySteps"] = "--teacher-forcing-steps",
        ["TeacherForcingSchedule.MinimumRatio"] = "--teacher-forcing-min",
        ["TeacherForcingSchedule.InverseSigmoidK"] = "--teacher-forcing-k",
        ["CrossEntropyOptions.LabelSmoothing"] = "--label-smoothing",
        ["TranslationSearchOptions.BeamWidth"] = "--beam",
        ["ParallelTextOptions.SkipBadRows"] = "--skip-bad-rows",

        ["TaggedCorpusReadOptions.Format"] = "--format",
        ["TaggedCorpusReadOptions.TagColumn"] = "--tag-column",
        ["TaggedCorpusReadOptions.SkipBadRows"] = "--skip-bad-rows",
        ["TaggingTrainingOptions.DataPath"] = "--data",
        ["TaggingTrainingOptions.ValidationPath"] = "--valid",
        ["TaggingTrainingOptions.ValidationFraction"] = "--valid-split",
        ["TaggingTrainingOptions.Scheme"] = "--scheme",
        ["TaggingTrainingOptions.PretrainedVectors"] = "--pretrained",
        ["TaggingTrainingOptions.MinCount"] = "--min-count",
        ["TaggingTrainingOptions.SingletonUnknown"] = "--singleton-unk",
        ["TaggingTrainingOptions.BatchSize"] = "--batch-size",
        ["TaggingTrainingOptions.Seed"] = "--seed",
        ["TaggingModelOptions.WordEmbeddingDimension"] = "--embedding-dim",
        ["TaggingModelOptions.Characters"] = "--char-features",
        ["CharacterEncoderOptions.Kind"] = "--char-features",
        ["CharacterEncoderOptions.EmbeddingSize"] = "--char-dim",
        ["CharacterEncoderOptions.OutputSize"] = "--char-size",
        ["TaggingModelOptions.Casing"] = "--casing",
        ["TaggingModelOptions.Cell"] = "--model",
        ["TaggingModelOptions.HiddenSize"] = "--hidden",
        ["TaggingModelOptions.NumLayers"] = "--layers",
        ["TaggingModelOptions.Dropout"] = "--dropout",
        ["TaggingModelOptions.Crf"] = "--crf",

        ["IntegratedGradientsOptions.Steps"] = "--steps",
    };

    /// <summary>
    /// Options that library messages name but no flag sets: the program gives them its own values, or derives them from
    /// other flags after checking those, so their messages reach a command-line user only through a bug. They keep the
    /// option's name, which is what a reader of the source would look up.
    /// </summary>
    public static readonly IReadOnlySet<string> WithoutFlag = new HashSet<string>
    {
        "TrainerOptions.ReduceLearningRateFactor", "TrainerOptions.StepSize", "CellWeights.Extra",
        "EarlyStoppingOptions.Mode", "EarlyStoppingOptions.RestoreBestWeights", "ReduceLROnPlateauOptions.Mode",
        "ReduceLROnPlateauOptions.ThresholdMode", "SgdOptions.Nesterov",
        "EmbeddingOptions.VocabularySize", "EmbeddingOptions.Dimension", "EmbeddingOptions.InitStd", "EmbeddingOptions.PaddingIndex",
        "EmbeddingMatrixOptions.MissingStandardDeviation",
        "LinearClassifierOptions.BatchSize", "LinearClassifierOptions.Epochs", "LinearClassifierOptions.L2", "LinearClassifierOptions.LearningRate",
        "TfIdfOptions.CharacterNGrams", "TfIdfOptions.MinDocumentFrequency",
        "VocabularyOptions.ExtraSpecialTokens", "VocabularyOptions.MaxSize", "VocabularyOptions.MinCount",
        "ParallelTextOptions.MaxReportedBadRows", "TranslationTokenizer.Level",
        "TranslationModelOptions.SourceVocabularySize", "TranslationModelOptions.TargetVocabularySize",
        "TranslationSearchOptions.LengthPenalty", "TranslationSearchOptions.MaxLengthRatio", "TranslationSearchOptions.MaxLengthExtra",
        "TranslationSearchOptions.BatchSize", "EncodedSource.Memory",
        "ForecastingModelOptions.Features", "ForecastPreprocessing.Season", "ForecastPreprocessing.Lookback", "ConvolutionOptions.Stride",
        "ConvolutionOptions.Padding",
        "LineChart.Title", "LineChart.XAxisTitle", "LineChart.YAxisTitle", "LineChart.X", "LineChart.Series", "LineChart.Band", "LineChart.Marker",
        "HeatMapChart.Values", "HeatMapChart.RowLabels", "HeatMapChart.ColumnLabels", "HeatMapChart.ColorMinimum", "HeatMapChart.ColorMaximum",
        "SineWave.Period", "SineWave.Amplitude", "SineWave.Phase", "ForecastingModelOptions.Convolution",
        "Conv1dOptions.InChannels", "Conv1dOptions.OutChannels", "Conv1dOptions.KernelSize", "Conv1dOptions.Stride", "Conv1dOptions.Padding",
        "Conv1dOptions.Activation",
        "ForecastPreprocessing.ValueColumn",
        "TaggingModelOptions.WordVocabularySize", "TaggingModelOptions.TagCount", "CharacterEncoderOptions.VocabularySize",
        "CharacterEncoderOptions.KernelSize", "CrfOptions.Tags", "TaggingScores.TokenAccuracy",
    };

    /// <summary><paramref name="message"/> with every option of <see cref="Table"/> it names replaced by its flag.</summary>
    public static string Apply(string message) =>
        OptionName().Replace(message, name => Table.TryGetValue(name.Value, out string? flag) ? flag : name.Value);

    /// <summary><paramref name="work"/> given a progress whose notices name flags, for a command that shows training.</summary>
    public static Func<ITrainingProgress, T> ShowingFlags<T>(Func<ITrainingProgress, T> work) =>
        progress => work(new FlagNamingProgress(progress));

    /// <summary>Passes everything on to the progress it wraps, with the notices' option names replaced by flags.</summary>
    private sealed class FlagNamingProgress(ITrainingProgress inner) : ITrainingProgress
    {
        public void EpochStarted(int epoch, int epochs, int batches) => inner.EpochStarted(epoch, epochs, batches);

        public void BatchCompleted(int batch, int batches, double meanLoss, double tokensPerSecond, TimeSpan epochRemaining) =>
            inner.BatchCompleted(batch, batches, meanLoss, tokensPerSecond, epochRemaining);

        public void EpochCompleted(EpochRecord record) => inner.EpochCompleted(record);

        public void ValidationCompleted(EpochRecord record) => inner.ValidationCompleted(record);

        public void Message(string text) => inner.Message(Apply(text));
    }

    /// <summary>"TrainerOptions.LearningRate": a type name, a dot and a property name.</summary>
    [GeneratedRegex(@"\b[A-Z]\w*\.[A-Z]\w*\b")]
    private static partial Regex OptionName();
}
