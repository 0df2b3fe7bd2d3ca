namespace Recurrent.Tests.Goldens;

/// <summary>Exercises the golden loader: every case file loads and its shapes are consistent.</summary>
public class GoldenCaseTests
{
    [Fact]
    public void AllTwelveCasesArePresent()
    {
        var expected = new List<string>();
        foreach (var cell in new[] { "rnn_tanh", "rnn_relu", "lstm", "gru" })
            foreach (var shape in new[] { "2layer_bidirectional_lengths", "1layer_unidirectional", "3layer_bidirectional_equal" })
                expected.Add($"{cell}_{shape}");
        Assert.Equal(expected.Order(StringComparer.Ordinal), GoldenCase.Names());
    }

    [Theory]
    [MemberData(nameof(GoldenCase.All), MemberType = typeof(GoldenCase))]
    public void CaseLoadsWithConsistentShapes(string name)
    {
        var c = GoldenCase.Load(name);
        Assert.Equal(name, c.Name);
        Assert.True(c.BatchFirst);
        bool lstm = c.Cell == "lstm";
        if (c.Cell == "rnn") Assert.Contains(c.Nonlinearity, new[] { "tanh", "relu" });
        else Assert.Null(c.Nonlinearity);

        int b = c.Inputs.Dim(0), t = c.Inputs.Dim(1), h = c.HiddenSize, ld = c.NumLayers * c.NumDirections;
        AssertShape(c.Inputs, b, t, c.InputSize);
        int[] state = [ld, b, h];
        int[] outputs = [b, t, c.NumDirections * h];

        if (c.Lengths is { } lengths)
        {
            Assert.Equal(b, lengths.Length);
            Assert.All(lengths, l => Assert.InRange(l, 1, t));
        }

        if (c.H0 is not null) AssertShape(c.H0, state);
        if (lstm && c.H0 is not null) Assert.NotNull(c.C0);
        if (!lstm) Assert.Null(c.C0);
        if (c.C0 is not null) AssertShape(c.C0, state);

        // Weights: exactly the PyTorch parameter names, with PyTorch shapes.
        Assert.Equal(c.WeightNames().Order(StringComparer.Ordinal), c.Weights.Keys.Order(StringComparer.Ordinal));
        foreach (var (key, w) in c.Weights)
            AssertShape(w, c.WeightShape(key));

        AssertShape(c.LossWeightOutputs, outputs);
        AssertShape(c.LossWeightHn, state);
        AssertShape(c.ExpectedOutputs, outputs);
        AssertShape(c.ExpectedHn, state);
        Assert.Equal(lstm, c.LossWeightCn is not null);
        Assert.Equal(lstm, c.ExpectedCn is not null);
        if (lstm)
        {
            AssertShape(c.LossWeightCn!, state);
            AssertShape(c.ExpectedCn!, state);
        }
        Assert.True(double.IsFinite(c.ExpectedLoss));

        // Gradients: inputs, h0/c0 when given, and one per weight with the weight's shape.
        AssertShape(c.ExpectedInputsGradient, b, t, c.InputSize);
        Assert.Equal(c.H0 is not null, c.ExpectedH0Gradient is not null);
        Assert.Equal(c.C0 is not null, c.ExpectedC0Gradient is not null);
        if (c.ExpectedH0Gradient is not null) AssertShape(c.ExpectedH0Gradient, state);
        if (c.ExpectedC0Gradient is not null) AssertShape(c.ExpectedC0Gradient, state);
        var gradKeys = c.WeightNames().Append("inputs");
        if (c.H0 is not null) gradKeys = gradKeys.Append("h0");
        if (c.C0 is not null) gradKeys = gradKeys.Append("c0");
        Assert.Equal(gradKeys.Order(StringComparer.Ordinal), c.ExpectedGradients.Keys.Order(StringComparer.Ordinal));
        foreach (var (key, w) in c.Weights)
            AssertShape(c.ExpectedGradients[key], w.Shape);

        // Padded steps: outputs and input gradients are exactly zero there.
        if (c.Lengths is { } lens)
            for (int i = 0; i < b; i++)
                for (int s = lens[i]; s < t; s++)
                {
                    for (int k = 0; k < outputs[2]; k++) Assert.Equal(0f, c.ExpectedOutputs[i, s, k]);
                    for (int k = 0; k < c.InputSize; k++) Assert.Equal(0f, c.ExpectedInputsGradient[i, s, k]);
                }
    }

    [Fact]
    public void LoaderKeepsValuesAndRowMajorOrder()
    {
        var c = GoldenCase.Load("lstm_1layer_unidirectional");
        // The loss is the stated contraction of the expected outputs and final states.
        double loss = Dot(c.ExpectedOutputs, c.LossWeightOutputs) + Dot(c.ExpectedHn, c.LossWeightHn) + Dot(c.ExpectedCn!, c.LossWeightCn!);
        Assert.Equal(c.ExpectedLoss, loss, 1e-4);
        // Unidirectional, one layer: h_n is the output at the last step.
        int t = c.Inputs.Dim(1);
        for (int i = 0; i < c.Inputs.Dim(0); i++)
            for (int k = 0; k < c.HiddenSize; k++)
                Assert.Equal(c.ExpectedOutputs[i, t - 1, k], c.ExpectedHn[0, i, k]);
    }

    private static double Dot(Tensor a, Tensor b)
    {
        Assert.True(a.SameShape(b));
        double sum = 0;
        for (int i = 0; i < a.Size; i++) sum += (double)a.Data[i] * b.Data[i];
        return sum;
    }

    private static void AssertShape(Tensor t, params int[] shape) =>
        Assert.True(t.Shape.AsSpan().SequenceEqual(shape),
            $"expected shape {Tensor.ShapeText(shape)}, got {Tensor.ShapeText(t.Shape)}");
}
