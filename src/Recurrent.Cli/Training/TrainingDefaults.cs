using Recurrent.Training;

namespace Recurrent.Cli.Training;

/// <summary>
/// The defaults of the training flags that deliberately differ between tasks, with what --batch-size counts. Everything else
/// (epochs, optimizer, seed, checkpoints …) has one default for every <c>train</c> subcommand.
/// </summary>
internal sealed record TrainingDefaults
{
    public float LearningRate { get; init; } = 1e-3f;

    /// <summary>Global-norm clipping threshold when --clip is not given; null: no clipping.</summary>
    public float? Clip { get; init; }

    public ScheduleKind Schedule { get; init; } = ScheduleKind.Constant;

    /// <summary>The default of --epochs.</summary>
    public int Epochs { get; init; } = 10;

    /// <summary>The default of --early-stopping; null: none.</summary>
    public int? EarlyStopping { get; init; }

    /// <summary>The default of --batch-size.</summary>
    public int BatchSize { get; init; } = 32;

    /// <summary>What one unit of --batch-size is, for its help text.</summary>
    public string BatchSizeMeaning { get; init; } = "Examples per batch.";

    /// <summary>The files a model directory holds, for the help of --out.</summary>
    public string OutputFiles { get; init; } = "config.json, model.safetensors, metrics.jsonl, checkpoint/";

    /// <summary>Text classification: Adam at 1e-3, no clipping, a constant rate (the settings of the source material's notebooks).</summary>
    public static readonly TrainingDefaults Classification = new()
    {
        BatchSizeMeaning = "Examples per batch (batches group texts of similar length).",
        OutputFiles = "config.json, model.safetensors, vocabulary, metrics.jsonl, checkpoint/",
    };

    /// <summary>
    /// Language modelling: a higher rate annealed by a cosine and clipping at norm 5, as char-rnn does: truncated BPTT over
    /// long windows meets exploding gradients that classification of short texts rarely does.
    /// </summary>
    public static readonly TrainingDefaults LanguageModel = new()
    {
        LearningRate = 5e-3f,
        Clip = 5f,
        Schedule = ScheduleKind.Cosine,
        BatchSizeMeaning = "Parallel streams the text is cut into.",
        OutputFiles = "config.json, model.safetensors, vocab.txt, metrics.jsonl, checkpoint/",
    };

    /// <summary>
    /// Translation: the PyTorch reference's settings (Adam at 1e-3, gradients clipped to norm 1, 64 sentence pairs per batch):
    /// an encoder–decoder unrolled over both sentences meets larger gradients than a classifier.
    /// </summary>
    public static readonly TrainingDefaults Translation = new()
    {
        Clip = 1f,
        BatchSize = 64,
        BatchSizeMeaning = "Sentence pairs per batch (pairs of similar lengths share a batch).",
        OutputFiles = "config.json, model.safetensors, source_vocab.txt, target_vocab.txt, validation.tsv, metrics.jsonl, checkpoint/",
    };

    /// <summary>
    /// Forecasting: series are short (a monthly series of 12 years has about 70 training windows), so many quick epochs with
    /// early stopping on the validation loss; gradients clipped to norm 1.
    /// </summary>
    public static readonly TrainingDefaults Forecasting = new()
    {
        Clip = 1f,
        Epochs = 200,
        EarlyStopping = 20,
        BatchSizeMeaning = "Windows per batch.",
        OutputFiles = "config.json, model.safetensors, metrics.jsonl, test-forecast.svg, loss.svg, checkpoint/",
    };

    /// <summary>
    /// Sequence labelling: the PyTorch reference's settings (Adam at 1e-3, gradients clipped to norm 5, 32 sentences per
    /// batch), for 10 epochs: the Bi-LSTM-CRF recipe of Lample et al. and Ma &amp; Hovy.
    /// </summary>
    public static readonly TrainingDefaults Tagging = new()
    {
        Clip = 5f,
        BatchSizeMeaning = "Sentences per batch (sentences of similar lengths share a batch).",
        OutputFiles = "config.json, model.safetensors, words.txt, chars.txt, validation.conll, metrics.jsonl, checkpoint/",
    };
}
