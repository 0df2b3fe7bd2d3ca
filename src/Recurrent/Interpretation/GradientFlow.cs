using Recurrent.Autograd;
using Recurrent.Recurrence;
using Recurrent.Tensors;

namespace Recurrent.Interpretation;

/// <summary>
/// Gradient flow through time, the vanishing / exploding gradient experiment: for each step t of one sequence,
/// ‖∂L/∂h_t‖ and the Jacobian ∂h_T/∂h_t with its spectral norm, against the distance T − 1 − t; beside them the spectrum
/// of weight_hh and, for an Elman cell, the bound ‖∂h_T/∂h_t‖ ≤ Π_k ‖diag(g′(a_k))‖·‖W_hh‖ of the BPTT argument.
/// Runs the reference path (<see cref="RecurrentLayer.ForwardReference"/>), whose per-step states receive their gradients,
/// on a batch of H + 1 copies of the sequence and one backward pass: copy i's loss is h_T,i (row i of the Jacobian at
/// every step), copy H's loss is L = R·h_T.
/// </summary>
public static class GradientFlow
{
    /// <summary>The experiment of <paramref name="options"/> on a fresh layer, input and readout drawn from its seed.</summary>
    public static GradientFlowResult Measure(GradientFlowOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var rng = new Rng(options.Seed);
        var layer = new RecurrentLayer(new RecurrentOptions
        {
            Cell = options.Cell,
            Nonlinearity = options.Nonlinearity,
            InputSize = options.InputSize,
            HiddenSize = options.HiddenSize,
        }, rng.Fork());
        if (options.RecurrentSpectralRadius is { } radius) ScaleRecurrentBlocks(layer, radius);
        var input = new Tensor(1, options.Length, options.InputSize);
        rng.FillNormal(input.Span);
        var readout = new Tensor(options.HiddenSize);
        rng.FillNormal(readout.Span);
        return Measure(layer, input, readout);
    }

    /// <summary>
    /// The experiment on a given (fresh or trained) layer and sequence. The layer must have one unidirectional layer; its
    /// parameter gradients are left as they were found.
    /// </summary>
    /// <param name="layer">one layer, one direction, any cell.</param>
    /// <param name="input">[1, T, I] whatever the layer's <see cref="RecurrentOptions.BatchFirst"/>.</param>
    /// <param name="readout">R [H] of the loss L = R·h_T.</param>
    public static GradientFlowResult Measure(RecurrentLayer layer, Tensor input, Tensor readout)
    {
        int hidden = CheckArguments(layer, input, readout);
        int copies = hidden + 1;
        var savedGradients = layer.Parameters().Select(p => p.Grad?.Clone()).ToList();

        using var tape = new Tape();
        var trace = new List<StepTrace>();
        var forward = layer.ForwardReference(new Variable(Replicate(input, copies, layer.Options.BatchFirst)), trace: trace);
        var lastState = Ops.Reshape(forward.HiddenState, copies, hidden); // h_T of every copy [H + 1, H]
        Ops.Sum(Ops.Mul(lastState, new Variable(LossSelector(readout)))).Backward();

        var result = FromTrace(layer, trace, hidden);
        RestoreGradients(layer.Parameters(), savedGradients);
        return result;
    }

    /// <summary>
    /// The flow read off a backward pass through the first layer's forward direction of <paramref name="layer"/>, run on a batch
    /// of H + 1 copies of one sequence: at every step, rows 0 … H − 1 of the state's gradient are the rows of ∂h_T/∂h_t (copy i's
    /// loss was h_T,i) and row H is ∂L/∂h_t (the last copy's loss was L).
    /// </summary>
    /// <param name="layer">the layer whose weight_hh_l0 gives the spectra and, for an Elman cell, the step bounds.</param>
    /// <param name="trace">[T] the steps of layer 0, direction 0, in time order, after Backward.</param>
    /// <param name="hidden">H.</param>
    internal static GradientFlowResult FromTrace(RecurrentLayer layer, IReadOnlyList<StepTrace> trace, int hidden)
    {
        int steps = trace.Count;
        var spectra = RecurrentSpectra(layer);
        var stepBounds = layer.RecurrentCell.Kind == CellKind.Elman
            ? ElmanStepBounds(trace, layer.Options.Nonlinearity, spectra[0].SpectralNorm, hidden)
            : null;
        var flow = new GradientFlowStep[steps];
        double boundProduct = 1; // Π_{k=t+1}^{T−1} of the step bounds, built from the end
        for (int t = steps - 1; t >= 0; t--)
        {
            var gradient = trace[t].Hidden.GradOrZeros(); // [H + 1, H]: rows of ∂h_T/∂h_t, then ∂L/∂h_t
            var jacobian = new Tensor(gradient.Data.AsSpan(0, hidden * hidden).ToArray(), hidden, hidden);
            double lossGradientNorm = Norm(gradient.ReadOnlySpan.Slice(hidden * hidden, hidden));
            double jacobianNorm = MatrixSpectrum.SpectralNorm(MatrixSpectrum.FromRowMajor(jacobian.ReadOnlySpan, hidden, hidden), 1e-10);
            flow[t] = new GradientFlowStep(t, steps - 1 - t, lossGradientNorm, jacobianNorm, jacobian, stepBounds?[t],
                stepBounds is null ? null : boundProduct);
            if (stepBounds is not null) boundProduct *= stepBounds[t];
        }
        return new GradientFlowResult(layer.Options.Cell, layer.Options.Nonlinearity, flow, spectra);
    }

    /// <summary>ρ and ‖·‖₂ of each square H×H gate block of weight_hh_l0.</summary>
    public static IReadOnlyList<RecurrentBlockSpectrum> RecurrentSpectra(RecurrentLayer layer)
    {
        ArgumentNullException.ThrowIfNull(layer);
        int hidden = layer.Options.HiddenSize;
        var weight = layer.Cell(0).RecurrentWeight.Value.ReadOnlySpan;
        var spectra = new List<RecurrentBlockSpectrum>();
        for (int block = 0; block < layer.Options.GateCount; block++)
        {
            var matrix = MatrixSpectrum.FromRowMajor(weight, hidden, hidden, block * hidden * hidden);
            spectra.Add(new RecurrentBlockSpectrum(block, MatrixSpectrum.SpectralRadius(matrix), MatrixSpectrum.SpectralNorm(matrix)));
        }
        return spectra;
    }

    /// <summary>Rescales every gate block of weight_hh_l0 so its spectral radius is <paramref name="radius"/>.</summary>
    public static void ScaleRecurrentBlocks(RecurrentLayer layer, double radius)
    {
        ArgumentNullException.ThrowIfNull(layer);
        int hidden = layer.Options.HiddenSize;
        var weight = layer.Cell(0).RecurrentWeight.Value;
        foreach (var spectrum in RecurrentSpectra(layer))
        {
            var block = weight.Span.Slice(spectrum.Block * hidden * hidden, hidden * hidden);
            float scale = (float)(radius / spectrum.SpectralRadius);
            for (int i = 0; i < block.Length; i++) block[i] *= scale;
        }
    }

    /// <summary>max_i |g′(a_t,i)|·‖W_hh‖₂ for every step, a_t the pre-activation of the loss copy (all copies agree).</summary>
    private static double[] ElmanStepBounds(IReadOnlyList<StepTrace> trace, Nonlinearity g, double recurrentNorm, int hidden)
    {
        var bounds = new double[trace.Count];
        for (int t = 0; t < trace.Count; t++)
        {
            var preActivation = trace[t].Values["pre_activation"].Value.ReadOnlySpan.Slice(hidden * hidden, hidden);
            double largest = 0;
            foreach (float a in preActivation) largest = Math.Max(largest, Math.Abs(Derivative(g, a)));
            bounds[t] = largest * recurrentNorm;
        }
        return bounds;
    }

    /// <summary>g′(a) of the Elman activation.</summary>
    private static double Derivative(Nonlinearity g, double a) => g switch
    {
        Nonlinearity.Tanh => 1 - Math.Tanh(a) * Math.Tanh(a),
        Nonlinearity.Relu => a > 0 ? 1 : 0,
        Nonlinearity.Sigmoid => Sigmoid(a) * (1 - Sigmoid(a)),
        _ => 1,
    };

    private static double Sigmoid(double a) => 1 / (1 + Math.Exp(-a));

    /// <summary>[H + 1, H]: the identity (copy i's loss is h_T,i), then R (the last copy's loss is R·h_T).</summary>
    private static Tensor LossSelector(Tensor readout)
    {
        int hidden = readout.Size;
        var selector = new Tensor(hidden + 1, hidden);
        for (int i = 0; i < hidden; i++) selector[i, i] = 1f;
        readout.ReadOnlySpan.CopyTo(selector.Span.Slice(hidden * hidden));
        return selector;
    }

    /// <summary>The [1, T, I] sequence as <paramref name="copies"/> identical batch rows, [B, T, I] or [T, B, I].</summary>
    private static Tensor Replicate(Tensor input, int copies, bool batchFirst)
    {
        int steps = input.Dim(1), features = input.Dim(2);
        var batch = batchFirst ? new Tensor(copies, steps, features) : new Tensor(steps, copies, features);
        for (int b = 0; b < copies; b++)
            for (int t = 0; t < steps; t++)
            {
                int row = batchFirst ? b * steps + t : t * copies + b;
                input.ReadOnlySpan.Slice(t * features, features).CopyTo(batch.Span.Slice(row * features, features));
            }
        return batch;
    }

    /// <summary>H, once the arguments are checked.</summary>
    private static int CheckArguments(RecurrentLayer layer, Tensor input, Tensor readout)
    {
        ArgumentNullException.ThrowIfNull(layer);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(readout);
        var options = layer.Options;
        if (options.NumLayers != 1 || options.Bidirectional)
            throw new ArgumentException(
                $"GradientFlow measures one unidirectional layer, but this layer has NumLayers {options.NumLayers} and Bidirectional {options.Bidirectional}.",
                nameof(layer));
        if (options.HiddenSize > GradientFlowOptions.MaxHiddenSize)
            throw new ArgumentException(
                $"GradientFlow takes hidden sizes up to {GradientFlowOptions.MaxHiddenSize} (one backward row per unit), " +
                    $"but the layer has {options.HiddenSize}.",
                nameof(layer));
        if (input.Rank != 3 || input.Dim(0) != 1 || input.Dim(1) == 0 || input.Dim(2) != options.InputSize)
            throw new ArgumentException(
                $"GradientFlow expects one input sequence of shape [1, T, {options.InputSize}], but got {Tensor.ShapeText(input.Shape)}.", nameof(input));
        if (readout.Rank != 1 || readout.Size != options.HiddenSize)
            throw new ArgumentException(
                $"The readout R of L = R·h_T must have shape [{options.HiddenSize}], but has {Tensor.ShapeText(readout.Shape)}.", nameof(readout));
        return options.HiddenSize;
    }

    /// <summary>Puts back the gradients <paramref name="saved"/> (one per parameter, null for none) that a measurement's backward pass changed.</summary>
    internal static void RestoreGradients(IReadOnlyList<Variable> parameters, List<Tensor?> saved)
    {
        foreach (var (parameter, gradient) in parameters.Zip(saved))
        {
            parameter.ZeroGrad();
            if (gradient is not null) parameter.AccumulateGrad(gradient.ReadOnlySpan);
        }
    }

    private static double Norm(ReadOnlySpan<float> values)
    {
        double sum = 0;
        foreach (float v in values) sum += (double)v * v;
        return Math.Sqrt(sum);
    }
}
