using System.Diagnostics;
using System.Text.Json.Nodes;
using Recurrent.Serialization;
using Recurrent.Tensors;
using Recurrent.Text;
using Recurrent.Training;

namespace Recurrent.Tasks.Tagging;

/// <summary>
/// Sequence labelling from tagged sentences to a saved tagger: read the sentences, hold out whole documents, read the tags
/// into the scheme the model learns, build the vocabularies from the training part (and the pretrained words), train with
/// the shared <see cref="Trainer"/> (validation F1 every epoch), and save the tagger with the held-out sentences and their
/// evaluation (<see cref="TaggingEvaluationSummary"/>, for the report).
/// </summary>
public static class TaggingTraining
{
    /// <summary>The held-out sentences, written beside the model: what <c>rnn evaluate DIR --data DIR/validation.conll</c> reads.</summary>
    public const string ValidationFile = "validation.conll";

    public static TaggingRun Run(TaggingTrainingOptions options, ITrainingProgress? progress = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var clock = Stopwatch.StartNew();
        return TaskTraining.Run(options.Trainer,
            trainer => Train(options with { Trainer = trainer }, progress ?? SilentProgress.Instance, cancellation, clock));
    }

    private static (TaggingRun, Action<string>) Train(TaggingTrainingOptions options, ITrainingProgress progress, CancellationToken cancellation,
        Stopwatch clock)
    {
        var (train, validation, validationCorpus) = ReadSentences(options, progress);
        bool entities = TagSchemes.IsEntityTagging(train.SelectMany(s => s.Tags));
        var dataScheme = entities ? TagSchemes.Detect(train.Select(s => s.Tags)) : TagScheme.Iob2;
        var scheme = options.Scheme ?? dataScheme;
        if (entities)
        {
            progress.Message($"tags: {Tagger.SchemeName(dataScheme)} in the data" +
                             (scheme == dataScheme ? "" : $", read as {Tagger.SchemeName(scheme)} for training"));
            train = Convert(train, dataScheme, scheme);
            validation = Convert(validation, TagSchemes.Detect(validation.Select(s => s.Tags)), scheme);
        }
        else progress.Message("tags: no entity tags (such as B-PER); scored by token accuracy");

        var rng = new Rng(options.Seed);
        var vectors = options.PretrainedVectors is null ? null : LoadVectors(options, progress);
        var vocabulary = TaggingVocabulary.Build(train, options.MinCount, vectors?.Words);
        var unknown = validation.SelectMany(s => s.Tags).Where(tag => !vocabulary.HasTag(tag)).Distinct().ToArray();
        if (unknown.Length > 0)
            throw new ArgumentException($"The held-out sentences use tags the training part never does ({string.Join(", ", unknown.Take(5))}); " +
                "train on data that has them, or hold out other documents.");
        var modelOptions = options.Model with
        {
            WordVocabularySize = vocabulary.Words.Count,
            Characters = options.Model.Characters is { } characters ? characters with { VocabularySize = vocabulary.Characters.Count } : null,
            TagCount = vocabulary.Tags.Count,
            WordEmbeddingDimension = vectors?.Dimension ?? options.Model.WordEmbeddingDimension,
        };
        var network = new TaggingModel(modelOptions, rng);
        if (vectors is not null)
        {
            network.WordEmbedding.LoadPretrained(vectors.BuildEmbeddingMatrix(vocabulary.Words, rng.Fork(), out var coverage));
            progress.Message(coverage.ToString());
        }
        network.Crf?.SetConstraints(TagSchemeConstraints.FromTags(vocabulary.Tags, scheme));
        progress.Message($"vocabulary: {vocabulary.Words.Count:N0} words, {vocabulary.Characters.Count:N0} characters, {vocabulary.Tags.Count} tags");
        progress.Message($"model: {Describe(modelOptions)}, {network.ParameterCount():N0} parameters");

        var task = new TaggingTask(network, train, validation, vocabulary, options.BatchSize, options.SingletonUnknown, options.Seed);
        var trainer = options.Trainer with { Monitor = options.Trainer.Monitor ?? (entities ? "valid_f1" : "valid_token_accuracy") };
        var result = Trainer.Fit(task, trainer, progress, cancellation);
        network.Eval();
        // The figures saved with the model are those of its weights: when the trainer went back to the best epoch's weights
        // after measuring others, they are validated again.
        bool measuredOthers = trainer.RestoreBestWeights && result.BestEpoch is { } best
            && (best != result.History.Count || result.StopReason is StopReason.TimeLimit or StopReason.Cancelled);
        if (measuredOthers && task.HasValidation) task.Validate();
        var tagger = new Tagger(network, vocabulary, scheme) { Read = options.Read with { SkipBadRows = false } };
        var run = new TaggingRun(tagger, result, task.LastValidation, train.Count, validation.Count, clock.Elapsed);
        return (run, path =>
        {
            tagger.Save(path, Summary(options, run, scheme));
            ConllWriter.Write(Path.Combine(path, ValidationFile), validationCorpus,
                separator: options.Read.Format == TaggedCorpusFormat.Wnut ? '\t' : ' ');
            if (run.Validation is { } measured) EvaluationFile.Save(path, TaggingEvaluationSummary.Of(measured, validation));
        });
    }

    /// <summary>
    /// The training and held-out sentences, what was read and how it was split said; and the held-out part as read (its
    /// original columns and document markers), for validation.conll.
    /// </summary>
    private static (IReadOnlyList<TaggedSentence> Train, IReadOnlyList<TaggedSentence> Validation, TaggedCorpus ValidationCorpus)
        ReadSentences(TaggingTrainingOptions options, ITrainingProgress progress)
    {
        var corpus = Read(options.DataPath, options, progress);
        if (options.ValidationPath is { } validationPath)
        {
            var held = Read(validationPath, options, progress);
            progress.Message($"split: {corpus.Sentences.Count:N0} training sentences, {held.Sentences.Count:N0} validation sentences from {validationPath}");
            return (corpus.Sentences, held.Sentences, held);
        }
        var split = CorpusSplit.ByDocuments(corpus.Sentences, options.ValidationFraction, options.Seed);
        progress.Message($"split: {split.Train.Count:N0} training sentences, {split.Valid.Count:N0} validation sentences " +
                         (split.BySentences ? $"({options.ValidationFraction * 100:0.#}% of the sentences: the data have one document)"
                             : $"({options.ValidationFraction * 100:0.#}% of the {corpus.Documents:N0} documents held out whole)"));
        var row = new Dictionary<TaggedSentence, int>(ReferenceEqualityComparer.Instance);
        for (int i = 0; i < corpus.Sentences.Count; i++) row[corpus.Sentences[i]] = i;
        var heldOut = new TaggedCorpus(split.Valid, split.Valid.Select(sentence => corpus.Columns[row[sentence]]).ToArray(), corpus.DocumentMarker, []);
        return (split.Train, split.Valid, heldOut);
    }

    private static TaggedCorpus Read(string path, TaggingTrainingOptions options, ITrainingProgress progress)
    {
        var corpus = TaggedCorpusReader.Read(path, options.Read);
        string skipped = corpus.SkippedRows > 0 ? $", {corpus.SkippedRows:N0} malformed lines skipped" : "";
        progress.Message($"data: {corpus.Sentences.Count:N0} sentences, {corpus.Sentences.Sum(s => s.Length):N0} tokens, " +
                         $"{corpus.Documents:N0} document{(corpus.Documents == 1 ? "" : "s")} from {path}{skipped}");
        return corpus;
    }

    private static IReadOnlyList<TaggedSentence> Convert(IReadOnlyList<TaggedSentence> sentences, TagScheme from, TagScheme to) =>
        from == to ? sentences : sentences.Select(s => s with { Tags = TagSchemes.Convert(s.Tags, from, to) }).ToArray();

    /// <summary>The pretrained vectors; malformed lines are skipped (and said) when the data's bad rows are.</summary>
    private static PretrainedVectors LoadVectors(TaggingTrainingOptions options, ITrainingProgress progress)
    {
        var vectors = PretrainedVectors.Load(options.PretrainedVectors!, options.Read.SkipBadRows);
        if (vectors.SkippedLines > 0) progress.Message($"skipped {vectors.SkippedLines} malformed vector lines, e.g. {vectors.FirstSkipped}");
        progress.Message($"pretrained vectors: {vectors.Count:N0} words of {vectors.Dimension} dimensions from {options.PretrainedVectors}");
        return vectors;
    }

    /// <summary>"lstm 1x200 bidirectional, word embedding 25, character cnn 50, casing, crf".</summary>
    public static string Describe(TaggingModelOptions model) =>
        $"{Recurrence.RecurrentCells.NameOf(model.Cell)} {model.NumLayers}x{model.HiddenSize} bidirectional, word embedding {model.WordEmbeddingDimension}" +
        (model.Characters is { } characters ? $", character {characters.Kind.ToString().ToLowerInvariant()} {characters.OutputSize}" : "") +
        (model.Casing ? ", casing" : "") + (model.Crf ? ", crf" : ", softmax");

    private static JsonObject Summary(TaggingTrainingOptions options, TaggingRun run, TagScheme scheme)
    {
        var json = TrainingSummary.AddTrainer(new JsonObject
        {
            ["data"] = Path.GetFullPath(options.DataPath),
            ["train_sentences"] = run.TrainSentences,
            ["validation_sentences"] = run.ValidationSentences,
            ["scheme"] = Tagger.SchemeName(scheme),
            ["pretrained_vectors"] = options.PretrainedVectors,
            ["batch_size"] = options.BatchSize,
            ["min_count"] = options.MinCount,
            ["singleton_unknown"] = options.SingletonUnknown,
        }, options.Trainer, run.Training, options.Seed, run.Elapsed);
        if (run.Validation is { } last)
            foreach (var (name, value) in last.ToMetrics()) json["validation_" + name] = MetricsLog.Number(value);
        return json;
    }
}
