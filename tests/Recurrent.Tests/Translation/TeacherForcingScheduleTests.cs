using Recurrent.Tasks.Translation;

namespace Recurrent.Tests.Translation;

public class TeacherForcingScheduleTests
{
    [Fact]
    public void Defaults_always_feed_the_reference()
    {
        var schedule = new TeacherForcingSchedule();
        schedule.Validate();
        Assert.Equal(1.0, schedule.RatioAt(0));
        Assert.Equal(1.0, schedule.RatioAt(1_000_000));
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(4_999L)]
    [InlineData(long.MaxValue)]
    public void Constant_decay_keeps_the_ratio_whatever_the_floor(long step)
    {
        var schedule = new TeacherForcingSchedule { Ratio = 0.75, MinimumRatio = 0.5, Decay = TeacherForcingDecay.Constant };
        Assert.Equal(0.75, schedule.RatioAt(step));
    }

    [Theory]
    [InlineData(0L, 1.0)]
    [InlineData(250L, 0.75)]
    [InlineData(500L, 0.5)]
    [InlineData(1000L, 0.0)]
    [InlineData(2000L, 0.0)]
    public void Linear_decay_falls_from_the_ratio_to_zero_over_the_decay_steps(long step, double expected)
    {
        var schedule = new TeacherForcingSchedule { Decay = TeacherForcingDecay.Linear, DecaySteps = 1000 };
        Assert.Equal(expected, schedule.RatioAt(step), 12);
    }

    [Theory]
    [InlineData(0L, 0.8)]
    [InlineData(100L, 0.6)] // 0.8 − (0.8 − 0.2) · 100 / 300
    [InlineData(300L, 0.2)]
    [InlineData(1_000_000_000L, 0.2)]
    public void Linear_decay_stops_at_the_minimum_ratio(long step, double expected)
    {
        var schedule = new TeacherForcingSchedule { Ratio = 0.8, MinimumRatio = 0.2, Decay = TeacherForcingDecay.Linear, DecaySteps = 300 };
        Assert.Equal(expected, schedule.RatioAt(step), 12);
    }

    [Theory]
    [InlineData(0L, 0.9900990099)]   // 100 / (100 + e⁰)
    [InlineData(100L, 0.9735365333)] // 100 / (100 + e¹)
    [InlineData(500L, 0.4025551640)] // 100 / (100 + e⁵) = 100 / 248.41316
    public void Inverse_sigmoid_decay_is_k_over_k_plus_exp_of_step_over_k(long step, double expected)
    {
        var schedule = new TeacherForcingSchedule { Decay = TeacherForcingDecay.InverseSigmoid, InverseSigmoidK = 100 };
        Assert.Equal(expected, schedule.RatioAt(step), 9);
    }

    [Fact]
    public void Inverse_sigmoid_decay_scales_by_the_ratio_and_stops_at_the_minimum_ratio()
    {
        var scaled = new TeacherForcingSchedule { Ratio = 0.5, Decay = TeacherForcingDecay.InverseSigmoid, InverseSigmoidK = 100 };
        Assert.Equal(0.2012775820, scaled.RatioAt(500), 9); // 0.5 · 0.40255516
        Assert.Equal(0.3, (scaled with { MinimumRatio = 0.3 }).RatioAt(500), 12);
    }

    [Fact]
    public void Default_inverse_sigmoid_k_halves_the_ratio_after_about_three_thousand_steps()
    {
        // k = 500: ε_i = ½ at i = k ln k ≈ 3107; ε_0 = 500/501 and ε_5000 = 500 / (500 + e¹⁰) ≈ 0.0222.
        var schedule = new TeacherForcingSchedule { Decay = TeacherForcingDecay.InverseSigmoid };
        Assert.Equal(500.0 / 501.0, schedule.RatioAt(0), 12);
        Assert.InRange(schedule.RatioAt(3107), 0.499, 0.501);
        Assert.Equal(0.0221961139, schedule.RatioAt(5000), 9);
    }

    [Fact]
    public void Inverse_sigmoid_decay_reaches_the_floor_without_overflowing_at_late_steps()
    {
        var schedule = new TeacherForcingSchedule { Decay = TeacherForcingDecay.InverseSigmoid, MinimumRatio = 0.1 };
        Assert.Equal(0.1, schedule.RatioAt(long.MaxValue));
        Assert.Equal(0.0, (schedule with { MinimumRatio = 0 }).RatioAt(long.MaxValue));
    }

    [Theory]
    [InlineData(TeacherForcingDecay.Constant)]
    [InlineData(TeacherForcingDecay.Linear)]
    [InlineData(TeacherForcingDecay.InverseSigmoid)]
    public void Ratio_never_rises_and_stays_between_the_minimum_and_the_initial_ratio(TeacherForcingDecay decay)
    {
        var schedule = new TeacherForcingSchedule { Ratio = 0.9, MinimumRatio = 0.05, Decay = decay, DecaySteps = 4000, InverseSigmoidK = 300 };
        double previous = schedule.RatioAt(0);
        for (long step = 0; step <= 20_000; step += 7)
        {
            double ratio = schedule.RatioAt(step);
            Assert.InRange(ratio, 0.05, 0.9);
            Assert.True(ratio <= previous, $"{decay}: the ratio rose from {previous} to {ratio} at step {step}.");
            previous = ratio;
        }
    }

    [Fact]
    public void Decaying_schedules_end_at_their_floor()
    {
        var linear = new TeacherForcingSchedule { Ratio = 0.9, MinimumRatio = 0.05, Decay = TeacherForcingDecay.Linear, DecaySteps = 4000 };
        var inverseSigmoid = linear with { Decay = TeacherForcingDecay.InverseSigmoid, InverseSigmoidK = 300 };
        Assert.Equal(0.05, linear.RatioAt(20_000));
        Assert.Equal(0.05, inverseSigmoid.RatioAt(20_000));
    }

    [Fact]
    public void RatioAt_rejects_a_negative_step()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new TeacherForcingSchedule().RatioAt(-1));
    }

    public static IEnumerable<object[]> BadSchedules() =>
    [
        [new TeacherForcingSchedule { Ratio = 1.5 }, "TeacherForcingSchedule.Ratio must be in [0, 1], got 1.5"],
        [new TeacherForcingSchedule { Ratio = -0.1 }, "TeacherForcingSchedule.Ratio must be in [0, 1], got -0.1"],
        [new TeacherForcingSchedule { Ratio = double.NaN }, "TeacherForcingSchedule.Ratio must be in [0, 1], got NaN"],
        [new TeacherForcingSchedule { Decay = (TeacherForcingDecay)7 }, "TeacherForcingSchedule.Decay has the unknown value 7"],
        [new TeacherForcingSchedule { Ratio = 0.5, MinimumRatio = 0.6 }, "TeacherForcingSchedule.MinimumRatio must be in [0, Ratio = 0.5], got 0.6"],
        [new TeacherForcingSchedule { MinimumRatio = -0.2 }, "TeacherForcingSchedule.MinimumRatio must be in [0, Ratio = 1], got -0.2"],
        [new TeacherForcingSchedule { DecaySteps = 0 }, "TeacherForcingSchedule.DecaySteps must be at least 1, got 0"],
        [new TeacherForcingSchedule { InverseSigmoidK = 0.5 }, "TeacherForcingSchedule.InverseSigmoidK must be a finite number of at least 1"],
        [new TeacherForcingSchedule { InverseSigmoidK = double.PositiveInfinity }, "TeacherForcingSchedule.InverseSigmoidK must be a finite number"],
    ];

    [Theory]
    [MemberData(nameof(BadSchedules))]
    public void Validate_names_the_option_and_the_bad_value(TeacherForcingSchedule schedule, string expected)
    {
        var e = Assert.Throws<ArgumentException>(schedule.Validate);
        Assert.Contains(expected, e.Message);
    }
}
