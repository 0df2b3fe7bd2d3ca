using Recurrent.Autograd;
using Recurrent.Layers;
using Recurrent.Tensors;
using Recurrent.Training;

namespace Recurrent.Tasks.Translation;

/// <summary>
/// Training a <see cref="TranslationModel"/> on sentence pairs: each batch is teacher-forced (or, by the
/// <see cref="TeacherForcingSchedule"/>, partly fed its own predictions), its loss the mean cross-entropy per target token
/// with padding ignored and optional label smoothing. Validation measures the held-out pairs teacher-forced (loss,
/// perplexity, token accuracy) and translates their distinct sources with greedy or beam search for corpus BLEU, chrF and
/// the exact-match rate against all references of each. The schedule's step is carried with checkpoints
/// (<see cref="ICarriedStateTask"/>), so a resumed run samples exactly as an unbroken one.
/// </summary>
public sealed class TranslationTask : ITrainingTask<int[]>, ICarriedStateTask
{
    private const string StepKey = "teacher_forcing_step";

    private readonly TranslationModel model;
    private readonly TranslationBatches train;
    private readonly TranslationBatches? validation;
    private readonly TranslationEvaluator? evaluator;
    private readonly TeacherForcingSchedule teacherForcing;
    private readonly float labelSmoothing;
    private readonly ulong seed;
    private long step;

    /// <param name="model">the network to train.</param>
    /// <param name="train">the encoded training pairs.</param>
    /// <param name="validation">the encoded held-out pairs (null: no validation).</param>
    /// <param name="evaluator">translates and scores the held-out sources (null: no BLEU during training).</param>
    /// <param name="teacherForcing">the probability of reading the reference's previous token, by training step.</param>
    /// <param name="labelSmoothing">ε of the loss's label smoothing (0: none).</param>
    /// <param name="seed">seeds the draws of scheduled sampling (each batch's from the seed and its step).</param>
    public TranslationTask(TranslationModel model, TranslationBatches train, TranslationBatches? validation, TranslationEvaluator? evaluator,
        TeacherForcingSchedule teacherForcing, float labelSmoothing, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(teacherForcing);
        teacherForcing.Validate();
        this.model = model;
        this.train = train;
        this.validation = validation;
        this.evaluator = evaluator;
        this.teacherForcing = teacherForcing;
        this.labelSmoothing = labelSmoothing;
        this.seed = seed;
    }

    public Module Model => model;

    public bool HasValidation => validation is not null;

    /// <summary>The last validation's scores, or null before the first.</summary>
    public TranslationEvaluation? LastValidation { get; private set; }

    public IReadOnlyList<int[]> TrainingBatches(Rng shuffle) => train.Epoch(shuffle);

    public BatchLoss Loss(int[] indices)
    {
        var batch = train.Gather(train.ByTargetLength(indices));
        double ratio = teacherForcing.RatioAt(step);
        var sampling = ratio < 1 ? new Rng(seed ^ (0x9E3779B97F4A7C15UL * (ulong)(step + 1))) : null;
        step++;
        var (logits, targets) = model.Forward(batch, ratio, sampling);                                // [N, V_t] of the real tokens
        var loss = Ops.CrossEntropy(logits, targets, new CrossEntropyOptions { LabelSmoothing = labelSmoothing });
        return new BatchLoss(loss, batch.TargetTokens);
    }

    public IReadOnlyDictionary<string, double> Validate()
    {
        if (validation is null) return new Dictionary<string, double>();
        LastValidation = TranslationEvaluation.Measure(model, validation, evaluator);
        var metrics = new Dictionary<string, double>(LastValidation.ToMetrics());
        if (teacherForcing.Decay != TeacherForcingDecay.Constant) metrics["teacher_forcing"] = teacherForcing.RatioAt(step);
        return metrics;
    }

    public IReadOnlyDictionary<string, Tensor> SaveCarriedState() =>
        new Dictionary<string, Tensor> { [StepKey] = Tensor.FromArray([(float)(step >> 24), step & 0xFFFFFF], 2) };

    public void LoadCarriedState(IReadOnlyDictionary<string, Tensor> state)
    {
        // Two floats hold the step exactly (24 bits each): one float alone would round steps above 2^24.
        step = state.TryGetValue(StepKey, out var saved) ? ((long)saved.Data[0] << 24) + (long)saved.Data[1] : 0;
    }
}
