using Recurrent.Autograd;
using Recurrent.Layers;
using Recurrent.Recurrence;
using Recurrent.Tensors;

namespace Recurrent.Tasks.Forecasting;

/// <summary>
/// A recurrent forecaster over windows of a series (exercise sheet 4.2; the slides' CNN-LSTM with a front end):
/// <code>
/// windows [N, T, F] → front end (optional) [N, T', F'] → L stacked (bi)recurrent layers, fused, dropout between → h_n
/// Direct:    ŷ = W_o dropout([h→_n; h←_1] of the last layer) + b_o (+ W_s x + b_s, the linear term) [N, H·Q] → [N, H, Q]
/// Recursive: ŷ_1 as Direct with H = 1; ŷ_{k+1} from the window slid by one step with ŷ_k appended      [N, S, Q]
/// Seq2Seq:   s_0 = the encoder's final states per layer; s_k = decoder(y_{k−1}, s_{k−1}); ŷ_k = W_o dropout(s_k) + b_o
///            y_0 the window's last target value, y_k the true value while training, ŷ_k (its point) when forecasting
/// </code>
/// Q is <see cref="ForecastingModelOptions.OutputsPerStep"/>. The recurrent layers run fused over the whole window in one call
/// (the Direct and Recursive strategies, and the teacher-forced decoder). Parameter names: <c>front_end.*</c>,
/// <c>encoder.*</c> (PyTorch's nn.LSTM names: <c>encoder.weight_ih_l0</c> …), <c>decoder.*</c> (Seq2Seq), <c>head.*</c>.
/// </summary>
public sealed class ForecastingModel : Module
{
    private readonly IInputFrontEnd? frontEnd;
    private readonly RecurrentLayer encoder;
    private readonly RecurrentLayer? decoder;
    private readonly Dropout dropout;
    private readonly Linear head;
    private readonly Linear? skip;

    /// <param name="options">validated here.</param>
    /// <param name="rng">draws the initial weights and seeds the dropout masks.</param>
    /// <param name="frontEnd">a <see cref="Module"/> run on each window before the recurrent layers, or null.</param>
    public ForecastingModel(ForecastingModelOptions options, Rng rng, IInputFrontEnd? frontEnd = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(rng);
        options.Validate();
        Options = options;
        if (frontEnd is not null && options.Convolution is not null)
            throw new ArgumentException("ForecastingModel: give either a front end or ForecastingModelOptions.Convolution, not both.", nameof(frontEnd));
        frontEnd ??= options.Convolution is { } convolution ? new ConvolutionFrontEnd(convolution, options.Features, options.Lookback, rng.Fork()) : null;
        if (frontEnd is not null) this.frontEnd = RegisterFrontEnd(frontEnd, options.Features);
        encoder = AddModule("encoder", new RecurrentLayer(new RecurrentOptions
        {
            Cell = options.Cell, InputSize = frontEnd?.OutputSize ?? options.Features, HiddenSize = options.HiddenSize,
            NumLayers = options.NumLayers, Bidirectional = options.Bidirectional, Dropout = options.Dropout, BatchFirst = true,
        }, rng.Fork()));
        if (options.Strategy == ForecastStrategy.Seq2Seq)
            decoder = AddModule("decoder", new RecurrentLayer(new RecurrentOptions
            {
                Cell = options.Cell, InputSize = 1, HiddenSize = options.StateSize, NumLayers = options.NumLayers,
                Dropout = options.Dropout, BatchFirst = true,
            }, rng.Fork()));
        dropout = AddModule("dropout", new Dropout(options.Dropout, rng.Fork()));
        int stepsPerHead = options.Strategy == ForecastStrategy.Direct ? options.Horizon : 1;
        head = AddModule("head", new Linear(options.StateSize, stepsPerHead * options.OutputsPerStep, rng));
        if (options.HasLinearSkip) skip = AddModule("skip", new Linear(options.Lookback, stepsPerHead * options.OutputsPerStep, rng));
    }

    /// <summary>
    /// Starts from a linear autoregression fitted on the training windows (in the windows' scaled units): its weights and
    /// intercepts become the linear term's (each quantile output starts from the same line) and the head's are zeroed, so
    /// that before training the model forecasts exactly as the regression does and training adds what the recurrent layers find.
    /// </summary>
    /// <param name="regression">fitted on the target feature with look-back T and as many steps as the head forecasts (H for
    /// Direct, 1 for Recursive).</param>
    public void StartFromAutoregression(LinearAutoregression regression)
    {
        ArgumentNullException.ThrowIfNull(regression);
        if (skip is null)
            throw new InvalidOperationException("ForecastingModel.StartFromAutoregression needs the linear term (ForecastingModelOptions.LinearSkip, " +
                "Direct or Recursive strategy).");
        int steps = Options.Strategy == ForecastStrategy.Direct ? Options.Horizon : 1, outputs = Options.OutputsPerStep;
        if (regression.Lookback != Options.Lookback || regression.Horizon != steps)
            throw new ArgumentException($"The regression reads {regression.Lookback} steps and forecasts {regression.Horizon}; the model's linear term reads " +
                $"{Options.Lookback} and forecasts {steps}.", nameof(regression));
        var weight = skip.Weight.Value.Span;                                                         // [steps·Q, T]
        var bias = skip.Bias!.Value.Span;                                                            // [steps·Q]
        for (int h = 0; h < steps; h++)
        {
            double[] coefficients = regression.Weights(h);
            for (int q = 0; q < outputs; q++)
            {
                int row = h * outputs + q;
                for (int k = 0; k < Options.Lookback; k++) weight[row * Options.Lookback + k] = (float)coefficients[k];
                bias[row] = (float)regression.Intercept(h);
            }
        }
        head.Weight.Value.Span.Clear();
        head.Bias!.Value.Span.Clear();
    }

    public ForecastingModelOptions Options { get; }

    /// <summary>The recurrent layers over each window (<c>encoder.*</c>), batch-first.</summary>
    public RecurrentLayer Encoder => encoder;

    /// <summary>The Seq2Seq strategy's decoder (<c>decoder.*</c>, input 1, hidden D·H, batch-first); null for the others.</summary>
    public RecurrentLayer? Decoder => decoder;

    /// <summary>The layers run before the recurrent ones, or null.</summary>
    public IInputFrontEnd? FrontEnd => frontEnd;

    private IInputFrontEnd RegisterFrontEnd(IInputFrontEnd given, int features)
    {
        if (given is not Module module)
            throw new ArgumentException($"ForecastingModel: the front end {given.GetType().Name} must be a Module, so that its parameters are trained " +
                "and saved with the model.", nameof(frontEnd));
        if (given.InputSize != features || given.OutputSize < 1)
            throw new ArgumentException($"ForecastingModel: the front end reads {given.InputSize} features and outputs {given.OutputSize}, but the " +
                $"windows have ForecastingModelOptions.Features = {features}.", nameof(frontEnd));
        AddModule("front_end", module);
        return given;
    }

    /// <summary>
    /// Forecasts of each window, on the tape when one is open.
    /// </summary>
    /// <param name="windows">[N, T, F], feature 0 the target series.</param>
    /// <param name="steps">S, the steps to forecast: <see cref="ForecastingModelOptions.Horizon"/> for Direct, any number otherwise.</param>
    /// <param name="teacher">Seq2Seq only: the true values [N, ≥ S − 1 columns] each decoder step reads after the first; null
    /// feeds the decoder its own predictions.</param>
    /// <returns>[N, S, Q] predictions, Q = <see cref="ForecastingModelOptions.OutputsPerStep"/>.</returns>
    public Variable Forward(Variable windows, int steps, Tensor? teacher = null)
    {
        ArgumentNullException.ThrowIfNull(windows);
        CheckWindows(windows);
        if (steps < 1) throw new ArgumentOutOfRangeException(nameof(steps), $"ForecastingModel.Forward: steps must be at least 1, got {steps}.");
        if (Options.Strategy == ForecastStrategy.Direct && steps != Options.Horizon)
            throw new ArgumentException($"ForecastingModel.Forward: the Direct strategy forecasts ForecastingModelOptions.Horizon = {Options.Horizon} " +
                $"steps, not {steps}; train a model with that horizon, or use the Recursive or Seq2Seq strategy.", nameof(steps));
        if (teacher is not null && Options.Strategy != ForecastStrategy.Seq2Seq)
            throw new ArgumentException("ForecastingModel.Forward: only the Seq2Seq strategy's decoder reads true values.", nameof(teacher));
        return Options.Strategy switch
        {
            ForecastStrategy.Direct => OneHead(windows, Options.Horizon),
            ForecastStrategy.Recursive => Recursive(windows, steps),
            _ => Seq2Seq(windows, steps, teacher),
        };
    }

    /// <summary>
    /// The training loss of windows [N, T, F] against their targets [N, H]: Direct over all H steps, Recursive on the first
    /// (one-step) target, Seq2Seq over all H steps with the decoder teacher-forced; the mean squared error, or the pinball
    /// loss over <see cref="ForecastingModelOptions.Quantiles"/>.
    /// </summary>
    public Variable Loss(Variable windows, Tensor targets)
    {
        ArgumentNullException.ThrowIfNull(windows);
        ArgumentNullException.ThrowIfNull(targets);
        int rows = windows.Dim(0);
        if (targets.Rank != 2 || targets.Dim(0) != rows || targets.Dim(1) != Options.Horizon)
            throw new ArgumentException($"ForecastingModel.Loss: targets must be [N, H] = [{rows}, {Options.Horizon}], got {Tensor.ShapeText(targets.Shape)}.",
                nameof(targets));
        int steps = Options.Strategy == ForecastStrategy.Recursive ? 1 : Options.Horizon;
        var predictions = Forward(windows, steps, Options.Strategy == ForecastStrategy.Seq2Seq ? targets : null); // [N, S, Q]
        var stepTargets = steps == Options.Horizon ? targets : FirstColumns(targets, steps);                    // [N, S]
        return Options.Quantiles is { } levels
            ? Ops.PinballLoss(predictions, stepTargets, levels)
            : Ops.MeanSquaredError(Ops.Reshape(predictions, rows, steps), stepTargets);
    }

    /// <summary>
    /// Forecasts of every window without the tape, in batches, with dropout off (or, inside <see cref="MonteCarloDropout"/>, on).
    /// </summary>
    /// <param name="windows">inputs [Count, T, F]; their targets are not read.</param>
    /// <param name="steps">S, the steps to forecast: by default the windows' horizon (Direct: the model's, the only one it forecasts).</param>
    /// <param name="batchSize">windows per forward pass.</param>
    /// <returns>[Count, S, Q] predictions.</returns>
    public Tensor Predict(SeriesWindows windows, int? steps = null, int batchSize = 256)
    {
        WindowBatch.Check(windows, nameof(windows));
        if (batchSize < 1)
            throw new ArgumentOutOfRangeException(nameof(batchSize), $"ForecastingModel.Predict: batchSize must be at least 1, got {batchSize}.");
        int horizon = steps ?? (Options.Strategy == ForecastStrategy.Direct ? Options.Horizon : windows.Horizon), outputs = Options.OutputsPerStep;
        var result = new Tensor(windows.Count, horizon, outputs);
        using var evaluating = DropoutActive ? null : Evaluating();
        using var noGrad = Tape.NoGrad();
        for (int start = 0; start < windows.Count; start += batchSize)
        {
            int count = Math.Min(batchSize, windows.Count - start);
            var batch = WindowBatch.Range(windows, start, count);
            var predictions = Forward(new Variable(batch.Inputs), horizon);
            predictions.Value.ReadOnlySpan.CopyTo(result.Span.Slice(start * horizon * outputs, count * horizon * outputs));
        }
        return result;
    }

    /// <summary>Point forecasts [Count, S] of every window: <see cref="Predict"/>'s 0.5 quantile, or its only output.</summary>
    public Tensor PredictPoints(SeriesWindows windows, int? steps = null, int batchSize = 256)
    {
        var predictions = Predict(windows, steps, batchSize);                                       // [Count, S, Q]
        int rows = predictions.Dim(0), horizon = predictions.Dim(1), outputs = predictions.Dim(2), point = Options.PointIndex;
        var result = new Tensor(rows, horizon);
        for (int i = 0; i < rows * horizon; i++) result.Data[i] = predictions.Data[i * outputs + point];
        return result;
    }

    /// <summary>While true, <see cref="Predict"/> leaves dropout as the model's mode says (Monte-Carlo dropout sets it).</summary>
    internal bool DropoutActive { get; set; }

    /// <summary>The point forecasts [N, S, 1] of predictions [N, S, Q]: the 0.5 quantile's output, or the only one.</summary>
    public Variable Point(Variable predictions) =>
        Options.OutputsPerStep == 1 ? predictions : Ops.Slice(predictions, 2, Options.PointIndex, 1);

    private void CheckWindows(Variable windows)
    {
        if (windows.Value.Rank != 3 || windows.Dim(0) < 1 || windows.Dim(1) != Options.Lookback || windows.Dim(2) != Options.Features)
            throw new ArgumentException($"ForecastingModel expects windows [N, T, F] with N ≥ 1, T = ForecastingModelOptions.Lookback = " +
                $"{Options.Lookback} and F = ForecastingModelOptions.Features = {Options.Features}, got {Tensor.ShapeText(windows.Shape)}.", nameof(windows));
    }

    /// <summary>The recurrent layers over windows [N, T, F] (through the front end, if any), in one fused call.</summary>
    private RecurrentResult Encode(Variable windows) => encoder.Forward(frontEnd?.Forward(windows) ?? windows);

    /// <summary>The last layer's final states [N, D·H]: h→_n, and for a bidirectional layer h←_1 (the reverse pass's end).</summary>
    private Variable LastState(RecurrentResult encoded)
    {
        var finals = encoded.HiddenState;                                                          // [L·D, N, H]
        int last = Options.NumLayers - 1;
        if (!Options.Bidirectional) return Ops.Select(finals, 0, last);
        return Ops.Concat([Ops.Select(finals, 0, 2 * last), Ops.Select(finals, 0, 2 * last + 1)], axis: 1);
    }

    /// <summary>The head on the last state: [N, steps, Q], steps the head's own (H for Direct, 1 for Recursive).</summary>
    private Variable OneHead(Variable windows, int steps)
    {
        var output = head.Forward(dropout.Forward(LastState(Encode(windows))));                    // [N, steps·Q]
        if (skip is not null)
        {
            int rows = windows.Dim(0);
            var targets = Ops.Reshape(Ops.Slice(windows, 2, 0, 1), rows, Options.Lookback);          // the target feature [N, T]
            output = Ops.Add(output, skip.Forward(targets));
        }
        return Ops.Reshape(output, windows.Dim(0), steps, Options.OutputsPerStep);
    }

    /// <summary>One step at a time, each from the window slid by one step with the previous point forecast appended.</summary>
    private Variable Recursive(Variable windows, int steps)
    {
        var outputs = new Variable[steps];                                                         // [N, 1, Q] each
        var window = windows;
        for (int s = 0; s < steps; s++)
        {
            outputs[s] = OneHead(window, 1);
            if (s < steps - 1) window = Slide(window, Point(outputs[s]));
        }
        return steps == 1 ? outputs[0] : Ops.Concat(outputs, axis: 1);
    }

    /// <summary>
    /// Window [N, T, F] without its first step, with a step appended whose target is <paramref name="point"/> [N, 1, 1] and
    /// whose exogenous features keep their last known values.
    /// </summary>
    private static Variable Slide(Variable window, Variable point)
    {
        int steps = window.Dim(1), features = window.Dim(2);
        var next = features == 1
            ? point
            : Ops.Concat([point, Ops.Slice(Ops.Slice(window, 1, steps - 1, 1), 2, 1, features - 1)], axis: 2);   // [N, 1, F]
        return steps == 1 ? next : Ops.Concat([Ops.Slice(window, 1, 1, steps - 1), next], axis: 1);
    }

    /// <summary>The encoder, then the decoder: fused over all steps when teacher-forced, else one step at a time.</summary>
    private Variable Seq2Seq(Variable windows, int steps, Tensor? teacher)
    {
        int rows = windows.Dim(0);
        var encoded = Encode(windows);
        var hidden = DecoderState(encoded.HiddenState);                                            // s_0 [L, N, D·H]
        var cell = encoded.CellState is null ? null : DecoderState(encoded.CellState);
        var previous = Ops.Slice(Ops.Slice(windows, 1, Options.Lookback - 1, 1), 2, 0, 1);          // y_0 [N, 1, 1]
        if (teacher is not null)
        {
            if (teacher.Rank != 2 || teacher.Dim(0) != rows || teacher.Dim(1) < steps - 1)
                throw new ArgumentException($"ForecastingModel.Forward: the true values must be [N, ≥ {steps - 1}] with N = {rows}, got " +
                    $"{Tensor.ShapeText(teacher.Shape)}.", nameof(teacher));
            var inputs = steps == 1 ? previous : Ops.Concat([previous, new Variable(FirstColumns(teacher, steps - 1).Reshape(rows, steps - 1, 1))], 1);
            return head.Forward(dropout.Forward(decoder!.Forward(inputs, null, hidden, cell).Output));  // [N, S, Q]
        }
        var outputs = new Variable[steps];
        for (int s = 0; s < steps; s++)
        {
            var step = decoder!.Forward(previous, null, hidden, cell);                              // output [N, 1, D·H]
            (hidden, cell) = (step.HiddenState, step.CellState);
            outputs[s] = head.Forward(dropout.Forward(step.Output));                               // [N, 1, Q]
            previous = Point(outputs[s]);
        }
        return steps == 1 ? outputs[0] : Ops.Concat(outputs, axis: 1);
    }

    /// <summary>The decoder's initial states [L, N, D·H] from the encoder's [L·D, N, H]: each layer's directions side by side.</summary>
    private Variable DecoderState(Variable finals)
    {
        if (!Options.Bidirectional) return finals;
        var layers = new Variable[Options.NumLayers];
        for (int l = 0; l < layers.Length; l++)
            layers[l] = Ops.Concat([Ops.Select(finals, 0, 2 * l), Ops.Select(finals, 0, 2 * l + 1)], axis: 1);   // [N, 2H]
        return Ops.Stack(layers, axis: 0);
    }

    /// <summary>
    /// The number of parameters a model of <paramref name="options"/> has, worked out without building it (a loader compares
    /// it with the weights file before allocating): the front end's, the encoder, the Seq2Seq decoder, the head.
    /// </summary>
    /// <param name="options">validated here.</param>
    /// <param name="frontEnd">the front end the model is built with, or null.</param>
    public static long CountParameters(ForecastingModelOptions options, IInputFrontEnd? frontEnd = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        long count = (frontEnd as Module)?.ParameterCount()
            ?? (options.Convolution is { } convolution ? ConvolutionFrontEnd.CountParameters(convolution, options.Features) : 0);
        int recurrentInput = frontEnd?.OutputSize ?? options.Convolution?.Channels ?? options.Features;
        count += RecurrentParameterCount.Of(options.Cell, recurrentInput, options.HiddenSize, options.NumLayers,
            options.Bidirectional);
        if (options.Strategy == ForecastStrategy.Seq2Seq)
            count += RecurrentParameterCount.Of(options.Cell, 1, options.StateSize, options.NumLayers);
        long outputs = (options.Strategy == ForecastStrategy.Direct ? options.Horizon : 1L) * options.OutputsPerStep;
        long skipParameters = options.HasLinearSkip ? outputs * options.Lookback + outputs : 0;
        return count + outputs * options.StateSize + outputs + skipParameters;
    }

    /// <summary>The first <paramref name="count"/> columns of a matrix [N, C] as [N, count].</summary>
    private static Tensor FirstColumns(Tensor matrix, int count)
    {
        int rows = matrix.Dim(0), columns = matrix.Dim(1);
        var result = new Tensor(rows, count);
        for (int n = 0; n < rows; n++)
            matrix.ReadOnlySpan.Slice(n * columns, count).CopyTo(result.Span.Slice(n * count, count));
        return result;
    }
}
