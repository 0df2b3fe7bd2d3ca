using Recurrent.Recurrence;

namespace Recurrent.Tests.Exercise;

/// <summary>
/// Sheet 4, task 2.2 (a): parameters for input size I = 64 and hidden size H = 128. With G gate blocks,
/// G·H·I (W_ih) + G·H·H (W_hh) + G·H per bias vector; PyTorch keeps two bias vectors (b_ih, b_hh), the sheet one.
/// The literals were derived by hand and checked once against PyTorch's nn.RNN/LSTM/GRU(64, 128).
/// </summary>
public class Task22ParameterCountTests
{
    private const int I = 64, H = 128;

    [Theory]
    // RNN:  128·64 + 128·128 + 2·128        = 8,192 + 16,384 + 256     = 24,832
    [InlineData(CellKind.Elman, 24_832)]
    // LSTM: 4·(128·64 + 128·128) + 2·4·128  = 98,304 + 1,024           = 99,328
    [InlineData(CellKind.Lstm, 99_328)]
    // GRU:  3·(128·64 + 128·128) + 2·3·128  = 73,728 + 768             = 74,496
    [InlineData(CellKind.Gru, 74_496)]
    public void PyTorch_layer_with_two_biases_has(CellKind cell, long expected)
    {
        var layer = new RecurrentLayer(new RecurrentOptions { Cell = cell, InputSize = I, HiddenSize = H });
        Assert.Equal(expected, layer.ParameterCount());
        Assert.Equal(expected, RecurrentParameterCount.Of(cell, I, H));
    }

    [Theory]
    // RNN:  128·64 + 128·128 + 128          = 24,704
    [InlineData(CellKind.Elman, 24_704)]
    // LSTM: 4·(128·64 + 128·128 + 128)      = 98,816
    [InlineData(CellKind.Lstm, 98_816)]
    // GRU:  3·(128·64 + 128·128 + 128)      = 74,112
    [InlineData(CellKind.Gru, 74_112)]
    public void Sheet_convention_with_one_bias_per_gate_has(CellKind cell, long expected)
    {
        Assert.Equal(expected, RecurrentParameterCount.Of(cell, I, H, biases: BiasConvention.OneBias));
    }

    [Fact]
    public void LSTM_has_four_times_the_parameters_of_a_vanilla_RNN()
    {
        Assert.Equal(4 * RecurrentParameterCount.Of(CellKind.Elman, I, H, biases: BiasConvention.OneBias),
                     RecurrentParameterCount.Of(CellKind.Lstm, I, H, biases: BiasConvention.OneBias));
    }

    [Theory]
    [InlineData(CellKind.Elman)]
    [InlineData(CellKind.Lstm)]
    [InlineData(CellKind.Gru)]
    [InlineData(CellKind.Jordan)]
    public void Count_matches_a_stacked_bidirectional_layer(CellKind cell)
    {
        var layer = new RecurrentLayer(new RecurrentOptions { Cell = cell, InputSize = 5, HiddenSize = 7, NumLayers = 3, Bidirectional = true });
        Assert.Equal(layer.ParameterCount(), RecurrentParameterCount.Of(cell, 5, 7, numLayers: 3, bidirectional: true));
    }
}
