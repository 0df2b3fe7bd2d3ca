using Recurrent.Training;

namespace Recurrent.Tasks.LanguageModel;

/// <summary>Everything a language-model run needs: the text, the network, the stream layout and the trainer's settings.</summary>
public sealed record LanguageModelTrainingOptions
{
    /// <summary>A UTF-8 text file, read as one continuous text.</summary>
    public string DataPath { get; init; } = "";

    /// <summary>The network; its vocabulary size is filled in from the text.</summary>
    public LanguageModelOptions Model { get; init; } = new();

    /// <summary>T, the steps of truncated backpropagation through time (the window length).</summary>
    public int SequenceLength { get; init; } = 100;

    /// <summary>B, the parallel streams the training text is cut into.</summary>
    public int BatchSize { get; init; } = 32;

    /// <summary>The last part of the text held out for validation, by position (not shuffled: the text is one sequence).</summary>
    public double ValidationFraction { get; init; } = 0.1;

    /// <summary>Streams the held-out text is scored in, with the state carried through each: 32 as in char_lm_ref.py's stateful measure.</summary>
    public int ValidationStreams { get; init; } = 32;

    /// <summary>Largest vocabulary, &lt;pad&gt; and &lt;unk&gt; included; rarer tokens become &lt;unk&gt;. Null: every token of the training text.</summary>
    public int? MaxVocabulary { get; init; }

    /// <summary>
    /// Adam at 5e-3 annealed to 0 by a cosine over the run (all epochs, or the time limit when that ends sooner), gradients
    /// clipped to norm 5; validation at the stop of a run cut short; the weights a run ends with are kept (a language model
    /// trained for minutes is still improving, so the last are the best). The rate and the annealing were chosen on
    /// tiny-shakespeare (docs/generation.md): they reach a given loss in about half the time of a constant 2e-3.
    /// </summary>
    public TrainerOptions Trainer { get; init; } = new()
    {
        LearningRate = 5e-3f, Schedule = ScheduleKind.Cosine, ClipNorm = 5f, RestoreBestWeights = false, ValidateAtStop = true,
    };

    /// <summary>Seeds the weight initialisation and dropout.</summary>
    public ulong Seed { get; init; } = 1;

    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(DataPath)) throw new ArgumentException("No training text given (LanguageModelTrainingOptions.DataPath).");
        if (SequenceLength < 1)
            throw new ArgumentException($"The sequence length (LanguageModelTrainingOptions.SequenceLength) must be at least 1, got {SequenceLength}.");
        if (BatchSize < 1) throw new ArgumentException($"The batch size (LanguageModelTrainingOptions.BatchSize) must be at least 1, got {BatchSize}.");
        if (!(ValidationFraction >= 0 && ValidationFraction < 1))
            throw new ArgumentException(
                $"The validation fraction (LanguageModelTrainingOptions.ValidationFraction) must be in [0, 1), got {ValidationFraction}.");
        if (ValidationStreams < 1) throw new ArgumentException($"ValidationStreams must be at least 1, got {ValidationStreams}.");
        if (MaxVocabulary is < 3)
            throw new ArgumentException($"The vocabulary limit (LanguageModelTrainingOptions.MaxVocabulary) must be at least 3, got {MaxVocabulary}.");
        (Model with { VocabularySize = Math.Max(1, Model.VocabularySize) }).Validate(); // the size comes from the text
        Trainer.Validate();
    }
}
