namespace Recurrent.Tasks.Translation;

/// <summary>How the teacher-forcing ratio of a <see cref="TeacherForcingSchedule"/> falls as training goes on.</summary>
public enum TeacherForcingDecay
{
    /// <summary>The ratio stays at <see cref="TeacherForcingSchedule.Ratio"/> for the whole training.</summary>
    Constant,

    /// <summary>
    /// The ratio falls in a straight line from <see cref="TeacherForcingSchedule.Ratio"/> to
    /// <see cref="TeacherForcingSchedule.MinimumRatio"/> over <see cref="TeacherForcingSchedule.DecaySteps"/> steps, then stays there.
    /// </summary>
    Linear,

    /// <summary>
    /// Scheduled sampling's inverse-sigmoid decay: Ratio · k / (k + exp(i / k)) at step i, with k =
    /// <see cref="TeacherForcingSchedule.InverseSigmoidK"/>, floored at <see cref="TeacherForcingSchedule.MinimumRatio"/>.
    /// </summary>
    InverseSigmoid,
}
