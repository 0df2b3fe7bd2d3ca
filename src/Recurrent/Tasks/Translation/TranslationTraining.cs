using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using Recurrent.Serialization;
using Recurrent.Tensors;
using Recurrent.Text;
using Recurrent.Training;

namespace Recurrent.Tasks.Translation;

/// <summary>
/// Translation from sentence pairs to a saved translator: read the pairs, hold out sources with all their translations,
/// build both vocabularies from the training part, train the encoder–decoder with the shared <see cref="Trainer"/>
/// (validation BLEU every epoch), and save it with the held-out pairs and their evaluation (<see cref="TranslationEvaluationSummary"/>,
/// for the report).
/// </summary>
public static class TranslationTraining
{
    /// <summary>The held-out pairs, written beside the model: what <c>rnn evaluate DIR --data DIR/validation.tsv</c> reads.</summary>
    public const string ValidationFile = "validation.tsv";

    public static TranslationRun Run(TranslationTrainingOptions options, ITrainingProgress? progress = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var clock = Stopwatch.StartNew();
        return TaskTraining.Run(options.Trainer,
            trainer => Train(options with { Trainer = trainer }, progress ?? SilentProgress.Instance, cancellation, clock));
    }

    private static (TranslationRun, Action<string>) Train(TranslationTrainingOptions options, ITrainingProgress progress,
        CancellationToken cancellation, Stopwatch clock)
    {
        var (train, validation) = ReadPairs(options, progress);
        var tokenizer = new TranslationTokenizer(options.Level, options.Lowercase);
        var vocabularyOptions = new VocabularyOptions { MinCount = options.MinCount };
        var source = TranslationVocabulary.Build(train.Select(p => p.Source), tokenizer, vocabularyOptions);
        var target = TranslationVocabulary.Build(train.Select(p => p.Target), tokenizer, vocabularyOptions);
        var trainBatches = TranslationBatches.Encode(train, tokenizer, source, tokenizer, target, options.BatchSize);
        var validationBatches = TranslationBatches.Encode(validation, tokenizer, source, tokenizer, target, options.BatchSize);
        var modelOptions = options.Model with { SourceVocabularySize = source.Count, TargetVocabularySize = target.Count };
        var network = new TranslationModel(modelOptions, new Rng(options.Seed));
        progress.Message($"vocabularies: {source.Count:N0} source and {target.Count:N0} target tokens" +
                         $"{(options.MinCount > 1 ? $" (seen at least {options.MinCount} times)" : "")}");
        progress.Message($"model: {Describe(modelOptions)}, {network.ParameterCount():N0} parameters");

        var translator = new Translator(network, tokenizer, source, target);
        var evaluator = new TranslationEvaluator(translator, ReferenceGroup.Of(validation), options.ValidationSearch);
        var task = new TranslationTask(network, trainBatches, validationBatches, evaluator, options.TeacherForcing, options.LabelSmoothing,
            options.Seed);
        var result = Trainer.Fit(task, options.Trainer, progress, cancellation);
        network.Eval();
        // The figures saved with the model are those of its weights: when the trainer went back to the best epoch's weights
        // after measuring others (later epochs, or a run stopped inside an epoch), they are validated again.
        bool measuredOthers = options.Trainer.RestoreBestWeights && result.BestEpoch is { } best
            && (best != result.History.Count || result.StopReason is StopReason.TimeLimit or StopReason.Cancelled);
        if (measuredOthers && task.HasValidation) task.Validate();
        var run = new TranslationRun(translator, result, task.LastValidation, train.Count, validation.Count, validation, clock.Elapsed);
        return (run, path =>
        {
            translator.Save(path, Summary(options, run));
            WriteValidation(Path.Combine(path, ValidationFile), validation);
            if (run.Validation is { Translations.Count: > 0 } measured)
                EvaluationFile.Save(path, TranslationEvaluationSummary.Of(measured.Translations, evaluator.Groups, tokenizer.Lowercase));
        });
    }

    /// <summary>The training and held-out pairs (sources without a token dropped, with a message), and what was read, said.</summary>
    private static (IReadOnlyList<ParallelTextPair> Train, IReadOnlyList<ParallelTextPair> Validation) ReadPairs(TranslationTrainingOptions options,
        ITrainingProgress progress)
    {
        var read = Read(options.DataPath, options.TargetPath, options, progress);
        IReadOnlyList<ParallelTextPair> train, validation;
        string how;
        if (options.ValidationPath is { } validationPath)
        {
            (train, validation) = (read, Read(validationPath, null, options, progress));
            how = $"held-out pairs from {validationPath}";
        }
        else
        {
            var split = TranslationSplit.HoldOutSources(read, options.ValidationFraction, options.Seed);
            (train, validation) = (split.Train, split.Validation);
            how = $"{options.ValidationFraction * 100:0.#}% of the distinct source sentences held out with all their translations";
        }
        int sources = validation.Select(p => p.Source).Distinct(StringComparer.Ordinal).Count();
        progress.Message($"split: {train.Count:N0} training pairs, {validation.Count:N0} validation pairs ({sources:N0} distinct sources; {how})");
        return (train, validation);
    }

    /// <summary>The pairs of a file (or two aligned files) whose source has a token; warnings and drops said.</summary>
    private static IReadOnlyList<ParallelTextPair> Read(string path, string? targetPath, TranslationTrainingOptions options, ITrainingProgress progress)
    {
        var readOptions = new ParallelTextOptions { SkipBadRows = options.SkipBadRows };
        var result = targetPath is null ? ParallelTextReader.Read(path, readOptions) : ParallelTextReader.Read(path, targetPath, readOptions);
        foreach (string warning in result.Warnings) progress.Message("warning: " + warning);
        var tokenizer = new TranslationTokenizer(options.Level, options.Lowercase);
        var usable = result.Pairs.Where(p => tokenizer.Tokenize(p.Source).Count > 0).ToArray();
        string skipped = result.SkippedRows > 0 ? $", {result.SkippedRows:N0} malformed lines skipped" : "";
        string empty = usable.Length < result.Pairs.Count ? $", {result.Pairs.Count - usable.Length:N0} without a source word dropped" : "";
        progress.Message($"data: {usable.Length:N0} sentence pairs from {path}{(targetPath is null ? "" : " and " + targetPath)}{skipped}{empty}");
        if (usable.Length == 0) throw new ArgumentException($"'{path}' has no sentence pair to learn from.");
        return usable;
    }

    /// <summary>"gru, bidirectional encoder 1x256, decoder 512, bahdanau attention, embeddings 256".</summary>
    public static string Describe(TranslationModelOptions model) =>
        $"{Recurrence.RecurrentCells.NameOf(model.Cell)}, {(model.BidirectionalEncoder ? "bidirectional " : "")}" +
        $"encoder {model.NumLayers}x{model.HiddenSize}, " +
        $"decoder {model.NumLayers}x{model.DecoderHiddenSize}, {AttentionName(model.Attention)} attention, embeddings {model.EmbeddingDimension}" +
        (model.TieWeights ? " (target tied to the output layer)" : "");

    /// <summary>The attention's name as the command line writes it: none, bahdanau, luong-dot, luong-general, luong-concat.</summary>
    public static string AttentionName(AttentionKind kind) => kind switch
    {
        AttentionKind.LuongDot => "luong-dot",
        AttentionKind.LuongGeneral => "luong-general",
        AttentionKind.LuongConcat => "luong-concat",
        _ => kind.ToString().ToLowerInvariant(),
    };

    private static void WriteValidation(string path, IReadOnlyList<ParallelTextPair> pairs)
    {
        var text = new StringBuilder();
        foreach (var pair in pairs) text.Append(pair.Source).Append('\t').Append(pair.Target).Append('\n');
        AtomicFile.WriteAllText(path, text.ToString());
    }

    private static JsonObject Summary(TranslationTrainingOptions options, TranslationRun run)
    {
        var json = new JsonObject
        {
            ["data"] = Path.GetFullPath(options.DataPath),
            ["train_pairs"] = run.TrainPairs,
            ["validation_pairs"] = run.ValidationPairs,
            ["batch_size"] = options.BatchSize,
            ["min_count"] = options.MinCount,
            ["optimizer"] = options.Trainer.Optimizer,
            ["learning_rate"] = options.Trainer.LearningRate,
            ["clip_norm"] = options.Trainer.ClipNorm,
            ["teacher_forcing"] = options.TeacherForcing.Ratio,
            ["teacher_forcing_decay"] = options.TeacherForcing.Decay.ToString().ToLowerInvariant(),
            ["label_smoothing"] = options.LabelSmoothing,
            ["validation_beam"] = options.ValidationSearch.BeamWidth,
            ["epochs_completed"] = run.Training.History.Count,
            ["stop_reason"] = run.Training.StopReason.ToString(),
            ["seed"] = options.Seed,
            ["seconds"] = Math.Round(run.Elapsed.TotalSeconds, 1),
        };
        if (run.Validation is { } last)
            foreach (var (name, value) in last.ToMetrics()) json["validation_" + name] = MetricsLog.Number(value);
        return json;
    }
}
