namespace Recurrent.Tasks.Translation;

/// <summary>
/// The probability that the decoder is fed the reference target token (teacher forcing) rather than its own previous
/// prediction, as a function of the training step: scheduled sampling (Bengio, Vinyals, Jaitly and Shazeer 2015,
/// "Scheduled Sampling for Sequence Prediction with Recurrent Neural Networks", NeurIPS). Training starts mostly on the
/// reference, as plain teacher forcing does, and moves towards the inference condition, where the decoder only ever sees its
/// own outputs. The step i counts training batches from 0. <see cref="Validate"/> once before training; <see cref="RatioAt"/>
/// assumes valid options.
/// </summary>
public sealed record TeacherForcingSchedule
{
    /// <summary>The teacher-forcing probability at step 0 (before the inverse-sigmoid factor), in [0, 1]; 1 always feeds the reference.</summary>
    public double Ratio { get; init; } = 1.0;

    public TeacherForcingDecay Decay { get; init; } = TeacherForcingDecay.Constant;

    /// <summary>
    /// For <see cref="TeacherForcingDecay.Linear"/>: the number of steps over which the ratio falls from <see cref="Ratio"/> to
    /// <see cref="MinimumRatio"/>. The default spans about the same steps as the default inverse-sigmoid decay.
    /// </summary>
    public long DecaySteps { get; init; } = 5000;

    /// <summary>The ratio never falls below this, in [0, <see cref="Ratio"/>]; ignored by <see cref="TeacherForcingDecay.Constant"/>.</summary>
    public double MinimumRatio { get; init; }

    /// <summary>
    /// k ≥ 1 of the inverse-sigmoid decay ε_i = k / (k + exp(i / k)): the larger k, the later and slower the fall. ε_i is ½ at
    /// step k·ln k; the default 500 puts that at about step 3100 and ε_i at 0.02 by step 5000, so a run of a few thousand
    /// batches (ten minutes of translation training) starts fully teacher-forced and ends almost free-running.
    /// </summary>
    public double InverseSigmoidK { get; init; } = 500;

    /// <summary>The teacher-forcing probability at training step <paramref name="step"/> (0-based batch count), in [MinimumRatio, Ratio].</summary>
    public double RatioAt(long step)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(step);
        return Decay switch
        {
            TeacherForcingDecay.Constant => Ratio,
            TeacherForcingDecay.Linear => step >= DecaySteps ? MinimumRatio : Ratio - (Ratio - MinimumRatio) * step / DecaySteps,
            // exp(i / k) overflows to +∞ for very late steps, which makes the fraction 0 and leaves the floor.
            TeacherForcingDecay.InverseSigmoid =>
                Math.Max(MinimumRatio, Ratio * InverseSigmoidK / (InverseSigmoidK + Math.Exp(step / InverseSigmoidK))),
            _ => throw new InvalidOperationException($"TeacherForcingSchedule.Decay has the unknown value {(int)Decay}."),
        };
    }

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first option with a bad value.</summary>
    public void Validate()
    {
        if (!(Ratio >= 0 && Ratio <= 1))
            throw new ArgumentException($"TeacherForcingSchedule.Ratio must be in [0, 1], got {Ratio}.", nameof(Ratio));
        if (!Enum.IsDefined(Decay))
            throw new ArgumentException($"TeacherForcingSchedule.Decay has the unknown value {(int)Decay}; use Constant, Linear or " +
                "InverseSigmoid.", nameof(Decay));
        if (!(MinimumRatio >= 0 && MinimumRatio <= Ratio))
            throw new ArgumentException($"TeacherForcingSchedule.MinimumRatio must be in [0, Ratio = {Ratio}], got {MinimumRatio}.",
                nameof(MinimumRatio));
        if (DecaySteps < 1)
            throw new ArgumentException($"TeacherForcingSchedule.DecaySteps must be at least 1, got {DecaySteps}.", nameof(DecaySteps));
        if (!(InverseSigmoidK >= 1) || double.IsInfinity(InverseSigmoidK))
            throw new ArgumentException($"TeacherForcingSchedule.InverseSigmoidK must be a finite number of at least 1 (Bengio et al. " +
                $"2015), got {InverseSigmoidK}.", nameof(InverseSigmoidK));
    }
}
