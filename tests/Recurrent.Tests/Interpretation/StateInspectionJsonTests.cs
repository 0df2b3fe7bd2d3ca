using System.Text.Json;
using Recurrent.Interpretation;
using Recurrent.Recurrence;

namespace Recurrent.Tests.Interpretation;

public sealed class StateInspectionJsonTests
{
    [Fact]
    public void The_json_holds_the_tokens_and_per_layer_and_direction_the_states_gates_and_saturation()
    {
        var inspection = InspectionSamples.Lstm(steps: 3, bidirectional: true);

        using var json = JsonDocument.Parse(inspection.ToJson());

        var root = json.RootElement;
        Assert.Equal("lstm", root.GetProperty("cell").GetString());
        Assert.Equal(["tok0", "tok1", "tok2"], root.GetProperty("tokens").EnumerateArray().Select(token => token.GetString()));
        var layers = root.GetProperty("layers").EnumerateArray().ToList();
        Assert.Equal([(0, "forward"), (0, "reverse")], layers.Select(layer => (layer.GetProperty("layer").GetInt32(), layer.GetProperty("direction").GetString())));
        var reverse = layers[1];
        Assert.Equal(["h", "c"], reverse.GetProperty("states").EnumerateObject().Select(matrix => matrix.Name));
        Assert.Equal(["i", "f", "C̃", "o"], reverse.GetProperty("gates").EnumerateObject().Select(gate => gate.Name));
        Assert.Equal(["i", "f", "C̃", "o"], reverse.GetProperty("saturation").EnumerateObject().Select(gate => gate.Name));
        var forgetGate = reverse.GetProperty("gates").GetProperty("f");
        Assert.Equal(3, forgetGate.GetArrayLength());
        for (int t = 0; t < 3; t++)
            for (int unit = 0; unit < 4; unit++)
                Assert.Equal(inspection.Layers[1].Gates[1].Values[t, unit], forgetGate[t][unit].GetSingle());
        Assert.Equal(inspection.Layers[1].Hidden[2, 3], reverse.GetProperty("states").GetProperty("h")[2][3].GetSingle());
        var candidate = reverse.GetProperty("saturation").GetProperty("C̃");
        Assert.Equal(inspection.Layers[1].Saturation[2].Low, candidate.GetProperty("low").GetDouble());
        Assert.Equal(inspection.Layers[1].Saturation[2].High, candidate.GetProperty("high").GetDouble());
        Assert.Equal(-0.95f, candidate.GetProperty("low_threshold").GetSingle());
    }

    [Fact]
    public void An_elman_layer_writes_h_only_with_empty_gates_and_saturation()
    {
        var inspection = StateInspection.Of(InspectionSamples.Layer(CellKind.Elman), InspectionSamples.Sequence(2));

        using var json = JsonDocument.Parse(inspection.ToJson());

        var layer = Assert.Single(json.RootElement.GetProperty("layers").EnumerateArray());
        Assert.Equal("rnn", json.RootElement.GetProperty("cell").GetString());
        Assert.Equal(["h"], layer.GetProperty("states").EnumerateObject().Select(matrix => matrix.Name));
        Assert.Empty(layer.GetProperty("gates").EnumerateObject());
        Assert.Empty(layer.GetProperty("saturation").EnumerateObject());
    }
}
