using Recurrent.Interpretation;
using Recurrent.Recurrence;

namespace Recurrent.Tests.Interpretation;

public sealed class GateSaturationTests
{
    private static readonly CellGate ForgetGate = CellGate.Of(CellKind.Lstm)[1];
    private static readonly CellGate Candidate = CellGate.Of(CellKind.Lstm)[2];

    [Fact]
    public void A_sigmoid_gate_counts_the_shares_strictly_below_0_05_and_strictly_above_0_95()
    {
        var values = Tensor.FromArray([0.01f, 0.049f, 0.05f, 0.5f, 0.95f, 0.951f, 0.99f, 0.2f], 2, 4);

        var saturation = GateSaturation.Of(ForgetGate, values);

        Assert.Equal(("f", 2 / 8.0, 2 / 8.0), (saturation.Gate, saturation.Low, saturation.High));
        Assert.Equal((0.05f, 0.95f), (saturation.LowThreshold, saturation.HighThreshold));
    }

    [Fact]
    public void A_tanh_candidate_counts_the_shares_below_minus_0_95_and_above_0_95()
    {
        // 0.01 would be a closed σ gate; for tanh it is the middle of the range.
        var values = Tensor.FromArray([-0.99f, -0.95f, -0.5f, 0.01f, 0.97f], 5, 1);

        var saturation = GateSaturation.Of(Candidate, values);

        Assert.Equal(("C̃", 1 / 5.0, 1 / 5.0), (saturation.Gate, saturation.Low, saturation.High));
        Assert.Equal((-0.95f, 0.95f), (saturation.LowThreshold, saturation.HighThreshold));
    }

    [Fact]
    public void Each_layer_and_direction_reports_its_gates_saturation_in_gate_order()
    {
        var inspection = InspectionSamples.Lstm(steps: 6, bidirectional: true);

        foreach (var states in inspection.Layers)
        {
            Assert.Equal(["i", "f", "C̃", "o"], states.Saturation.Select(saturation => saturation.Gate));
            for (int gate = 0; gate < 4; gate++)
                Assert.Equal(GateSaturation.Of(states.Gates[gate].Gate, states.Gates[gate].Values), states.Saturation[gate]);
        }
    }
}
