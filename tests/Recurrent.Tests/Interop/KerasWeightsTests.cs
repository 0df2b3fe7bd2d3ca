using Recurrent.Autograd;
using Recurrent.Interop;
using Recurrent.Recurrence;

namespace Recurrent.Tests.Interop;

/// <summary>
/// Keras LSTM and GRU weights written out by hand for 3 inputs and 2 units, their PyTorch layout written out by hand, and one step of
/// Recurrent's layer with the converted weights against the Keras equations worked out by this script (numpy, float64):
/// <code>
/// import numpy as np
/// sig = lambda a: 1 / (1 + np.exp(-a))
/// x = np.array([0.5, -1.0, 2.0]); h0 = np.array([0.1, -0.2]); c0 = np.array([0.3, 0.05])
/// k, u, b = LstmKernel, LstmRecurrentKernel, LstmBias                      # the tables below, as numpy arrays
/// a = x @ k + h0 @ u + b                                                   # gate blocks i, f, c, o
/// c = sig(a[2:4]) * c0 + sig(a[0:2]) * np.tanh(a[4:6]); h = sig(a[6:8]) * np.tanh(c)
/// k, u, b = GruKernel, GruRecurrentKernel, GruBias                          # gate blocks z, r, h
/// xi = x @ k + b[0]; hr = h0 @ u + b[1]
/// z = sig(xi[0:2] + hr[0:2]); r = sig(xi[2:4] + hr[2:4])
/// h_after = z * h0 + (1 - z) * np.tanh(xi[4:6] + r * hr[4:6])              # reset_after=True
/// xi = x @ k + b[0]; z = sig(xi[0:2] + h0 @ u[:, 0:2]); r = sig(xi[2:4] + h0 @ u[:, 2:4])
/// h_before = z * h0 + (1 - z) * np.tanh(xi[4:6] + (r * h0) @ u[:, 4:6])   # reset_after=False, bias b[0]
/// </code>
/// </summary>
public sealed class KerasWeightsTests
{
    private static readonly float[] X = [0.5f, -1f, 2f];
    private static readonly float[] H0 = [0.1f, -0.2f];
    private static readonly float[] C0 = [0.3f, 0.05f];

    /// <summary>Keras LSTM kernel [3, 8], columns i₀ i₁ f₀ f₁ c₀ c₁ o₀ o₁.</summary>
    private static readonly float[] LstmKernel =
    [
        -0.3f, -0.2f, -0.1f, 0.0f, 0.1f, 0.2f, 0.3f, -0.3f,
        -0.2f, -0.1f, 0.0f, 0.1f, 0.2f, 0.3f, -0.3f, -0.2f,
        -0.1f, 0.0f, 0.1f, 0.2f, 0.3f, -0.3f, -0.2f, -0.1f,
    ];

    /// <summary>Keras LSTM recurrent_kernel [2, 8].</summary>
    private static readonly float[] LstmRecurrentKernel =
    [
        -0.1f, -0.05f, 0.0f, 0.05f, 0.1f, 0.15f, 0.2f, -0.1f,
        -0.05f, 0.0f, 0.05f, 0.1f, 0.15f, 0.2f, -0.1f, -0.05f,
    ];

    private static readonly float[] LstmBias = [0.1f, -0.1f, 1.0f, 1.0f, 0.0f, 0.2f, -0.2f, 0.05f];

    /// <summary>Keras GRU kernel [3, 6], columns z₀ z₁ r₀ r₁ h₀ h₁.</summary>
    private static readonly float[] GruKernel =
    [
        -0.2f, -0.1f, 0.0f, 0.1f, 0.2f, 0.3f,
        0.4f, -0.2f, -0.1f, 0.0f, 0.1f, 0.2f,
        0.3f, 0.4f, -0.2f, -0.1f, 0.0f, 0.1f,
    ];

    /// <summary>Keras GRU recurrent_kernel [2, 6].</summary>
    private static readonly float[] GruRecurrentKernel =
    [
        -0.15f, -0.1f, -0.05f, 0.0f, 0.05f, 0.1f,
        0.15f, -0.15f, -0.1f, -0.05f, 0.0f, 0.05f,
    ];

    /// <summary>Keras GRU bias [2, 6] (reset_after=True): the input bias, then the recurrent bias.</summary>
    private static readonly float[] GruBias =
    [
        0.1f, -0.1f, 0.2f, 0.0f, -0.3f, 0.05f,
        0.0f, 0.1f, -0.2f, 0.3f, 0.1f, -0.1f,
    ];

    [Fact]
    public void An_lstm_kernel_is_transposed_and_keeps_its_gate_order()
    {
        var weights = KerasWeights.Lstm(Tensor.FromArray(LstmKernel, 3, 8), Tensor.FromArray(LstmRecurrentKernel, 2, 8), Tensor.FromArray(LstmBias, 8));

        Assert.Equal(CellKind.Lstm, weights.Cell);
        Assert.Equal([8, 3], weights.InputWeight.Shape);
        Assert.Equal( // weight_ih [8, 3]: rows i₀ i₁ f₀ f₁ g₀ g₁ o₀ o₁, each a Keras kernel column
        [
            -0.3f, -0.2f, -0.1f, -0.2f, -0.1f, 0.0f,
            -0.1f, 0.0f, 0.1f, 0.0f, 0.1f, 0.2f,
            0.1f, 0.2f, 0.3f, 0.2f, 0.3f, -0.3f,
            0.3f, -0.3f, -0.2f, -0.3f, -0.2f, -0.1f,
        ], weights.InputWeight.ReadOnlySpan.ToArray());
        Assert.Equal([-0.1f, -0.05f, -0.05f, 0.0f, 0.0f, 0.05f, 0.05f, 0.1f, 0.1f, 0.15f, 0.15f, 0.2f, 0.2f, -0.1f, -0.1f, -0.05f],
            weights.RecurrentWeight.ReadOnlySpan.ToArray());
        Assert.Equal(LstmBias, weights.InputBias.ReadOnlySpan.ToArray());
        Assert.Equal(new float[8], weights.RecurrentBias.ReadOnlySpan.ToArray());
    }

    [Fact]
    public void A_gru_kernel_is_transposed_and_its_gates_z_r_h_become_r_z_n()
    {
        var weights = KerasWeights.Gru(Tensor.FromArray(GruKernel, 3, 6), Tensor.FromArray(GruRecurrentKernel, 2, 6), Tensor.FromArray(GruBias, 2, 6),
            resetAfter: true);

        Assert.Equal(CellKind.Gru, weights.Cell);
        Assert.Equal( // weight_ih [6, 3]: rows r₀ r₁ (Keras columns 2, 3), z₀ z₁ (0, 1), n₀ n₁ (4, 5)
        [
            0.0f, -0.1f, -0.2f, 0.1f, 0.0f, -0.1f,
            -0.2f, 0.4f, 0.3f, -0.1f, -0.2f, 0.4f,
            0.2f, 0.1f, 0.0f, 0.3f, 0.2f, 0.1f,
        ], weights.InputWeight.ReadOnlySpan.ToArray());
        Assert.Equal([-0.05f, -0.1f, 0.0f, -0.05f, -0.15f, 0.15f, -0.1f, -0.15f, 0.05f, 0.0f, 0.1f, 0.05f], weights.RecurrentWeight.ReadOnlySpan.ToArray());
        Assert.Equal([0.2f, 0.0f, 0.1f, -0.1f, -0.3f, 0.05f], weights.InputBias.ReadOnlySpan.ToArray());
        Assert.Equal([-0.2f, 0.3f, 0.0f, 0.1f, 0.1f, -0.1f], weights.RecurrentBias.ReadOnlySpan.ToArray());
    }

    [Fact]
    public void One_lstm_step_with_the_converted_weights_gives_the_keras_state()
    {
        var weights = KerasWeights.Lstm(Tensor.FromArray(LstmKernel, 3, 8), Tensor.FromArray(LstmRecurrentKernel, 2, 8), Tensor.FromArray(LstmBias, 8));

        var (h, c) = Step(weights);

        AssertClose([0.18950705f, -0.10447469f], h);
        AssertClose([0.42489908f, -0.22358999f], c!);
    }

    [Fact]
    public void One_gru_step_with_the_converted_weights_gives_the_keras_state_with_reset_after()
    {
        var weights = KerasWeights.Gru(Tensor.FromArray(GruKernel, 3, 6), Tensor.FromArray(GruRecurrentKernel, 2, 6), Tensor.FromArray(GruBias, 2, 6),
            resetAfter: true);

        AssertClose([-0.06125619f, -0.1051718f], Step(weights).Hidden);
    }

    [Fact]
    public void One_gru_step_with_the_converted_weights_gives_the_keras_state_with_reset_before()
    {
        var weights = KerasWeights.Gru(Tensor.FromArray(GruKernel, 3, 6), Tensor.FromArray(GruRecurrentKernel, 2, 6), Tensor.FromArray(GruBias[..6], 6),
            resetAfter: false);

        Assert.Equal(CellKind.GruResetBefore, weights.Cell);
        AssertClose([-0.07951191f, -0.08263434f], Step(weights).Hidden);
    }

    [Fact]
    public void A_bias_of_the_wrong_shape_is_refused_with_the_shape_it_needs()
    {
        var error = Assert.Throws<ArgumentException>(() => KerasWeights.Gru(Tensor.FromArray(GruKernel, 3, 6), Tensor.FromArray(GruRecurrentKernel, 2, 6),
            Tensor.FromArray(GruBias[..6], 6), resetAfter: true));

        Assert.StartsWith("bias must be [2, 6], but is [6].", error.Message);
    }

    /// <summary>h₁ (and c₁) [2] of a one-layer Recurrent layer of the converted cell after x from h₀ (and c₀).</summary>
    private static (float[] Hidden, float[]? Cell) Step(KerasCellWeights weights)
    {
        var layer = new RecurrentLayer(new RecurrentOptions { Cell = weights.Cell, InputSize = 3, HiddenSize = 2 });
        weights.AssignTo(layer.Cell(0));
        bool lstm = weights.Cell == CellKind.Lstm;
        using (Tape.NoGrad())
        {
            var result = layer.Forward(new Variable(Tensor.FromArray(X, 1, 1, 3)), h0: new Variable(Tensor.FromArray(H0, 1, 1, 2)),
                c0: lstm ? new Variable(Tensor.FromArray(C0, 1, 1, 2)) : null);
            return (result.HiddenState.Value.ReadOnlySpan.ToArray(), result.CellState?.Value.ReadOnlySpan.ToArray());
        }
    }

    private static void AssertClose(float[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-6f, $"element {i}: expected {expected[i]}, got {actual[i]}");
    }
}
