using Recurrent.Text;
using Recurrent.Training;

namespace Recurrent.Tasks.Translation;

/// <summary>
/// Everything a translation run needs: the sentence pairs and how they are split and read, the network, teacher forcing,
/// label smoothing, how validation translates, and the trainer's settings.
/// </summary>
public sealed record TranslationTrainingOptions
{
    /// <summary>Sentence pairs as <c>source&lt;TAB&gt;target</c> lines (Tatoeba's format; further columns are an error unless
    /// skipped), or the source side when <see cref="TargetPath"/> is given.</summary>
    public string DataPath { get; init; } = "";

    /// <summary>The target side as a second file aligned line by line with <see cref="DataPath"/>; null: pairs in one file.</summary>
    public string? TargetPath { get; init; }

    /// <summary>Held-out pairs in <see cref="DataPath"/>'s format; null holds out <see cref="ValidationFraction"/> of the data.</summary>
    public string? ValidationPath { get; init; }

    /// <summary>
    /// Without <see cref="ValidationPath"/>: this fraction of the distinct source sentences is held out with all their
    /// translations (<see cref="TranslationSplit.HoldOutSources"/>, seeded by <see cref="Seed"/>).
    /// </summary>
    public double ValidationFraction { get; init; } = 0.1;

    /// <summary>Skip malformed lines instead of stopping at the first (<see cref="ParallelTextOptions.SkipBadRows"/>).</summary>
    public bool SkipBadRows { get; init; }

    /// <summary>Words (punctuation split off) or characters, for both languages.</summary>
    public TokenLevel Level { get; init; } = TokenLevel.Word;

    /// <summary>
    /// Lower-case both languages before reading them. On the ~20,000 pairs of a Tatoeba file this halves the vocabularies and
    /// helps more than case costs; translations then come out lower-cased and are scored lower-cased.
    /// </summary>
    public bool Lowercase { get; init; } = true;

    /// <summary>Tokens seen fewer times in the training pairs become &lt;unk&gt; (per language).</summary>
    public int MinCount { get; init; } = 1;

    /// <summary>Sentence pairs per batch (pairs of similar lengths share a batch).</summary>
    public int BatchSize { get; init; } = 64;

    /// <summary>The network; its vocabulary sizes are filled in from the training pairs.</summary>
    public TranslationModelOptions Model { get; init; } = new();

    /// <summary>How often the decoder reads the reference's previous token rather than its own prediction, by step.</summary>
    public TeacherForcingSchedule TeacherForcing { get; init; } = new();

    /// <summary>ε of label smoothing in the loss (Szegedy et al. 2016): 0 (none) … below 1; 0.1 is usual.</summary>
    public float LabelSmoothing { get; init; }

    /// <summary>How validation translates the held-out sources for BLEU: greedy by default (width 1), which is fast.</summary>
    public TranslationSearchOptions ValidationSearch { get; init; } = new() { BeamWidth = 1 };

    /// <summary>
    /// Adam at 1e-3 with gradients clipped to norm 1, as the PyTorch reference; the best epoch by validation loss is kept; a
    /// run stopped early (time limit, Ctrl-C) is validated where it stopped.
    /// </summary>
    public TrainerOptions Trainer { get; init; } = new() { LearningRate = 1e-3f, ClipNorm = 1f, Epochs = 10, ValidateAtStop = true };

    /// <summary>Seeds the split, the weight initialisation, dropout and scheduled sampling.</summary>
    public ulong Seed { get; init; } = 1;

    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(DataPath)) throw new ArgumentException("No sentence pairs given (TranslationTrainingOptions.DataPath).");
        if (ValidationPath is null && !(ValidationFraction > 0 && ValidationFraction < 1))
            throw new ArgumentException($"TranslationTrainingOptions.ValidationFraction must be in (0, 1), got {ValidationFraction}; " +
                "or give held-out pairs in TranslationTrainingOptions.ValidationPath.");
        if (!Enum.IsDefined(Level)) throw new ArgumentException($"TranslationTrainingOptions.Level has no member with value {Level}; use Word or Character.");
        if (MinCount < 1) throw new ArgumentException($"TranslationTrainingOptions.MinCount must be at least 1, got {MinCount}.");
        if (BatchSize < 1) throw new ArgumentException($"TranslationTrainingOptions.BatchSize must be at least 1, got {BatchSize}.");
        if (!(LabelSmoothing >= 0f && LabelSmoothing < 1f))
            throw new ArgumentException($"TranslationTrainingOptions.LabelSmoothing must be in [0, 1), got {LabelSmoothing}.");
        (Model with { SourceVocabularySize = Math.Max(5, Model.SourceVocabularySize), TargetVocabularySize = Math.Max(5, Model.TargetVocabularySize) })
            .Validate(); // the sizes come from the data
        TeacherForcing.Validate();
        ValidationSearch.Validate();
        Trainer.Validate();
    }
}
