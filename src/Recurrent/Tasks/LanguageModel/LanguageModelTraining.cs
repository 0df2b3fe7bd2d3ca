using System.Diagnostics;
using System.Text.Json.Nodes;
using Recurrent.Data;
using Recurrent.Recurrence;
using Recurrent.Serialization;
using Recurrent.Tensors;
using Recurrent.Text;
using Recurrent.Training;

namespace Recurrent.Tasks.LanguageModel;

/// <summary>
/// Language modelling from a text file to a saved model: read the text, hold out its end, build the vocabulary from the rest,
/// lay the training text out as parallel streams, train by truncated BPTT with the shared <see cref="Trainer"/>, and save.
/// </summary>
public static class LanguageModelTraining
{
    public static LanguageModelRun Run(LanguageModelTrainingOptions options, ITrainingProgress? progress = null,
        CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var clock = Stopwatch.StartNew();
        return TaskTraining.Run(options.Trainer,
            trainer => Train(options with { Trainer = trainer }, progress ?? SilentProgress.Instance, cancellation, clock));
    }

    /// <summary>Read and split the text, build the vocabulary and the network, fit; the run and how to save its model.</summary>
    private static (LanguageModelRun, Action<string>) Train(LanguageModelTrainingOptions options, ITrainingProgress progress,
        CancellationToken cancellation, Stopwatch clock)
    {
        string text = ReadText(options.DataPath);
        var (trainText, validationText) = Split(text, options.ValidationFraction, options.Model.Level);
        var tokenizer = new LanguageModelTokenizer(options.Model.Level);
        var trainTokens = tokenizer.Tokenize(trainText);
        var vocabulary = Vocabulary.Build([trainTokens], new VocabularyOptions { MaxSize = options.MaxVocabulary });
        var trainIds = vocabulary.Encode(trainTokens);
        var validationIds = vocabulary.Encode(tokenizer.Tokenize(validationText));
        string unit = options.Model.Level == TokenLevel.Character ? "characters" : "tokens";
        progress.Message($"data: {text.Length:N0} characters; {trainIds.Length:N0} training and {validationIds.Length:N0} validation {unit}; " +
                         $"vocabulary {vocabulary.Count:N0}");
        var streams = new TextStreams(trainIds, options.BatchSize, options.SequenceLength);

        var modelOptions = options.Model with { VocabularySize = vocabulary.Count };
        EstimateMemory(modelOptions, streams, options.Trainer.Optimizer).Check(
            $"LanguageModelOptions.HiddenSize {modelOptions.HiddenSize}, LanguageModelOptions.NumLayers {modelOptions.NumLayers}, " +
            $"LanguageModelOptions.EmbeddingDimension {modelOptions.EmbeddingDimension}, LanguageModelTrainingOptions.BatchSize {streams.Streams}, " +
            $"LanguageModelTrainingOptions.SequenceLength {streams.WindowLength}; vocabulary {vocabulary.Count:N0}",
            SizeOptions, GC.GetGCMemoryInfo().TotalAvailableMemoryBytes);
        var network = new RecurrentLanguageModel(modelOptions, new Rng(options.Seed));
        progress.Message($"model: {RecurrentCells.NameOf(modelOptions.Cell)} {modelOptions.NumLayers}x{modelOptions.HiddenSize}, " +
                         $"embedding {modelOptions.EmbeddingDimension}{(modelOptions.TieWeights ? " (tied to the output layer)" : "")}, " +
                         $"{network.ParameterCount():N0} parameters; {streams.Streams} streams x {streams.StreamLength:N0} steps, " +
                         $"windows of {streams.WindowLength}: {streams.WindowCount} batches per epoch");

        var task = new LanguageModelTask(network, streams, validationIds, options.ValidationStreams);
        var result = Trainer.Fit(task, options.Trainer, progress, cancellation);
        network.Eval();
        var model = new TrainedLanguageModel(network, vocabulary);
        var run = new LanguageModelRun(model, result, task.LastValidation, trainIds.Length, validationIds.Length, clock.Elapsed);
        return (run, path => model.Save(path, Describe(options, streams, run)));
    }

    /// <summary>
    /// The whole file as text: UTF-8 within <see cref="ReadLimits"/>; a missing, binary, invalid or blank file is an error
    /// that says so, ending with <paramref name="need"/>, what the text was wanted for.
    /// </summary>
    public static string ReadText(string path, string need = "a language model needs some text to learn from")
    {
        if (Directory.Exists(path)) throw new ArgumentException($"'{path}' is a directory; LanguageModelTrainingOptions.DataPath takes a text file.");
        if (!File.Exists(path))
            throw new FileNotFoundException(
                $"The text file '{path}' does not exist. Check the path given to LanguageModelTrainingOptions.DataPath.", path);
        string text = TextFile.ReadText(path);
        if (string.IsNullOrWhiteSpace(text)) throw new ArgumentException($"The text file '{path}' is empty; {need}.");
        return text;
    }

    /// <summary>
    /// The first part of the text for training, the last <paramref name="fraction"/> for validation, cut by character position;
    /// for a word model the cut moves to the next line start, so no word is split.
    /// </summary>
    public static (string Train, string Validation) Split(string text, double fraction, TokenLevel level)
    {
        int cut = (int)(text.Length * (1 - fraction));
        if (level == TokenLevel.Word && cut < text.Length)
        {
            int newline = text.IndexOf('\n', cut);
            cut = newline < 0 ? text.Length : newline + 1;
        }
        return (text[..cut], text[cut..]);
    }

    private static readonly MemoryEstimate.SizeOptions SizeOptions = new("LanguageModelOptions.HiddenSize",
        "LanguageModelOptions.NumLayers", "LanguageModelTrainingOptions.BatchSize", "LanguageModelOptions.EmbeddingDimension");

    /// <summary>
    /// The memory the language model needs (see <see cref="MemoryEstimate"/>): embedding, recurrent stack and output layer
    /// (unless tied); one window of every stream, with the logits over the vocabulary at each step.
    /// </summary>
    private static MemoryEstimate EstimateMemory(LanguageModelOptions model, TextStreams streams, string optimizer)
    {
        double vocabulary = model.VocabularySize, embedding = model.EmbeddingDimension, hidden = model.HiddenSize;
        double gateRows = new RecurrentOptions { Cell = model.Cell }.GateCount * hidden;
        double parameters = vocabulary * embedding + (model.TieWeights ? 0 : vocabulary * hidden) + vocabulary;
        for (int layer = 0; layer < model.NumLayers; layer++)
            parameters += gateRows * ((layer == 0 ? embedding : hidden) + hidden + 2);
        double batch = streams.Streams, steps = Math.Min(streams.WindowLength, streams.StreamLength);
        return new MemoryEstimate
        {
            Parameters = parameters,
            ActivationFloats = MemoryEstimate.RecurrentActivations(model.Cell, batch, steps, hidden, model.NumLayers, directions: 1) +
                               batch * steps * (embedding + 2 * vocabulary),
            OptimizerStateFloats = MemoryEstimate.StateFloatsOf(optimizer),
            LargestTensor = vocabulary * Math.Max(embedding, hidden) >= gateRows * Math.Max(embedding, hidden)
                ? (vocabulary, Math.Max(embedding, hidden)) : (gateRows, Math.Max(embedding, hidden)),
        };
    }

    private static JsonObject Describe(LanguageModelTrainingOptions options, TextStreams streams, LanguageModelRun run)
    {
        var (result, score) = (run.Training, run.Validation);
        var last = result.History.LastOrDefault();
        var json = new JsonObject
        {
            ["data"] = Path.GetFullPath(options.DataPath),
            ["train_tokens"] = streams.TokenCount,
            ["validation_tokens"] = run.ValidationTokens,
            ["validation_fraction"] = options.ValidationFraction,
            ["sequence_length"] = options.SequenceLength,
            ["batch_size"] = options.BatchSize,
            ["optimizer"] = options.Trainer.Optimizer,
            ["learning_rate"] = options.Trainer.LearningRate,
            ["clip_norm"] = options.Trainer.ClipNorm,
            ["clip_value"] = options.Trainer.ClipValue,
            ["lr_schedule"] = options.Trainer.Schedule.ToString().ToLowerInvariant(),
            ["warmup_steps"] = options.Trainer.WarmupSteps,
            ["weight_decay"] = options.Trainer.WeightDecay,
            ["epochs_completed"] = result.History.Count,
            ["stop_reason"] = result.StopReason.ToString(),
            ["seed"] = options.Seed,
            ["seconds"] = Math.Round(run.Elapsed.TotalSeconds, 1),
        };
        if (last is not null && last.Metrics.TryGetValue("tokens_per_s", out double speed)) json["tokens_per_s"] = Math.Round(speed);
        if (score is not null)
        {
            json["validation_loss"] = MetricsLog.Number(score.Loss);
            json["validation_perplexity"] = MetricsLog.Number(score.Perplexity);
            if (score.Level == TokenLevel.Character) json["validation_bits_per_char"] = MetricsLog.Number(score.BitsPerToken);
        }
        return json;
    }
}
