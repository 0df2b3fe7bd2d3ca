using System.Text.Json.Serialization;
using Recurrent.Recurrence;

namespace Recurrent.Tasks.Forecasting;

/// <summary>
/// The network of a <see cref="ForecastingModel"/>: windows [N, T, F] → L stacked (optionally bidirectional) recurrent layers
/// with dropout between them → dropout → a dense head, forecasting H steps by <see cref="Strategy"/>. With
/// <see cref="Quantiles"/> the head outputs one value per quantile level and step, trained with the pinball loss; without,
/// one value per step, trained with the mean squared error.
/// </summary>
public sealed record ForecastingModelOptions
{
    /// <summary>The recurrent cell: lstm, lstm_peephole, gru, gru_reset_before or rnn (Elman, tanh).</summary>
    public CellKind Cell { get; init; } = CellKind.Lstm;

    /// <summary>F, the features per time step of a window (feature 0 the target series, the others exogenous).</summary>
    public int Features { get; init; } = 1;

    /// <summary>T, the time steps of a window.</summary>
    public int Lookback { get; init; } = 24;

    /// <summary>H, the steps forecast after each window.</summary>
    public int Horizon { get; init; } = 1;

    /// <summary>The state of each recurrent layer per direction.</summary>
    public int HiddenSize { get; init; } = 64;

    /// <summary>L, the stacked recurrent layers (and, for <see cref="ForecastStrategy.Seq2Seq"/>, the decoder's layers).</summary>
    public int NumLayers { get; init; } = 2;

    /// <summary>The recurrent layers also read each window backwards; the head then reads both directions' final states.</summary>
    public bool Bidirectional { get; init; }

    /// <summary>Dropout between the recurrent layers and before the head, while training (and in Monte-Carlo dropout); 0 turns it off.</summary>
    public float Dropout { get; init; }

    public ForecastStrategy Strategy { get; init; } = ForecastStrategy.Direct;

    /// <summary>A convolutional front end before the recurrent layers (a CNN-LSTM with <see cref="Cell"/> Lstm), or null for none.</summary>
    public ConvolutionOptions? Convolution { get; init; }

    /// <summary>
    /// A linear term on the window's target values added to the head's output (LSTNet's autoregressive highway, Lai et al.
    /// 2018): ŷ = head(h) + W_s x + b_s with x the T target values of the window. The recurrent part then models what a linear
    /// autoregression misses, and a trend beyond the training range passes through the linear term, which a saturating
    /// network cannot extrapolate. Direct and Recursive strategies (the heads that read a window); Seq2Seq's decoder steps have none.
    /// </summary>
    public bool LinearSkip { get; init; } = true;

    /// <summary>Whether the model has the linear term: <see cref="LinearSkip"/> with a strategy whose head reads the window.</summary>
    [JsonIgnore]
    public bool HasLinearSkip => LinearSkip && Strategy != ForecastStrategy.Seq2Seq;

    /// <summary>
    /// Quantile levels τ in (0, 1), increasing and including 0.5 (the point forecast, fed back by the recursive and seq2seq
    /// strategies), for prediction intervals with the pinball loss; null forecasts one value per step with the mean squared error.
    /// </summary>
    public float[]? Quantiles { get; init; }

    /// <summary>Q, the head's outputs per forecast step: one per quantile level, or 1.</summary>
    [JsonIgnore]
    public int OutputsPerStep => Quantiles?.Length ?? 1;

    /// <summary>The output of a step that is the point forecast: the 0.5 quantile's, or the only one.</summary>
    [JsonIgnore]
    public int PointIndex => Quantiles is null ? 0 : Array.IndexOf(Quantiles, 0.5f);

    /// <summary>The width of the state the head (and the seq2seq decoder) reads: H per direction.</summary>
    [JsonIgnore]
    public int StateSize => HiddenSize * (Bidirectional ? 2 : 1);

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first option with a bad value.</summary>
    public void Validate()
    {
        if (!Enum.IsDefined(Cell) || Cell == CellKind.Jordan)
            throw new ArgumentException($"ForecastingModelOptions.Cell {Cell} cannot forecast here: use Lstm, LstmPeephole, Gru, GruResetBefore " +
                "or Elman.", nameof(Cell));
        if (!Enum.IsDefined(Strategy))
            throw new ArgumentException($"ForecastingModelOptions.Strategy has no member with value {Strategy}; use one of " +
                $"{string.Join(", ", Enum.GetNames<ForecastStrategy>())}.", nameof(Strategy));
        Positive(Features, nameof(Features));
        Positive(Lookback, nameof(Lookback));
        Positive(Horizon, nameof(Horizon));
        Positive(HiddenSize, nameof(HiddenSize));
        Positive(NumLayers, nameof(NumLayers));
        if (!(Dropout >= 0f && Dropout < 1f))
            throw new ArgumentException($"ForecastingModelOptions.Dropout must be in [0, 1), got {Dropout}.", nameof(Dropout));
        if (Quantiles is { } levels) ValidateQuantiles(levels);
        Convolution?.Validate(Lookback);
    }

    private static void ValidateQuantiles(float[] levels)
    {
        for (int q = 0; q < levels.Length; q++)
        {
            if (!(levels[q] > 0f && levels[q] < 1f))
                throw new ArgumentException($"ForecastingModelOptions.Quantiles[{q}] is {levels[q]}; each level must be in (0, 1).", nameof(Quantiles));
            if (q > 0 && !(levels[q] > levels[q - 1]))
                throw new ArgumentException($"ForecastingModelOptions.Quantiles must increase, but {levels[q]} follows {levels[q - 1]}.", nameof(Quantiles));
        }
        if (Array.IndexOf(levels, 0.5f) < 0)
            throw new ArgumentException($"ForecastingModelOptions.Quantiles ({string.Join(", ", levels)}) must include 0.5, the point forecast.",
                nameof(Quantiles));
    }

    private static void Positive(int value, string name)
    {
        if (value < 1) throw new ArgumentException($"ForecastingModelOptions.{name} must be at least 1, got {value}.", name);
    }
}
