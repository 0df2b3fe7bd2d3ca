using Recurrent.Autograd;
using Recurrent.Recurrence;
using Recurrent.Tensors;

namespace Recurrent.Interpretation;

/// <summary>
/// Runs a <see cref="TraceSpec"/> through <see cref="RecurrentLayer.ForwardReference"/> on a tape and
/// records every intermediate value: the tool for checking a hand calculation (an exercise sheet's
/// forward pass and BPTT) line by line against the library.
/// </summary>
public static class CellTrace
{
    /// <summary>The intermediates of one step, in the order the cell's equations compute them.</summary>
    public static IReadOnlyList<string> QuantityNames(CellKind cell) => RecurrentCells.Of(cell).TraceKeys;

    /// <exception cref="TraceSpecException">The spec's sizes, shapes or weight names do not fit together.</exception>
    public static TraceResult Run(TraceSpec spec)
    {
        TraceSpecValidator.ValidateSizes(spec);
        var layer = new RecurrentLayer(new RecurrentOptions
        {
            Cell = spec.Cell,
            InputSize = spec.InputSize,
            HiddenSize = spec.HiddenSize,
            NumLayers = spec.NumLayers,
            Bidirectional = spec.Bidirectional,
            BatchFirst = true,
            Nonlinearity = spec.Nonlinearity,
        }, new Rng(0));
        TraceSpecValidator.ValidateWeights(spec, layer);
        foreach (var (name, parameter) in layer.NamedParameters())
            parameter.Assign(spec.Weights.TryGetValue(name, out var value) ? value : new Tensor(parameter.Shape));

        int batch = spec.Inputs.Dim(0), time = spec.Inputs.Dim(1);
        int[] stateShape = [spec.NumLayers * spec.NumDirections, batch, spec.HiddenSize];
        // Initial states are always passed (zeros when the spec has none) so that ∂loss/∂h0 can be reported.
        var inputs = new Variable(spec.Inputs.Clone(), requiresGrad: true, "inputs");
        var h0 = new Variable(spec.H0?.Clone() ?? new Tensor(stateShape), requiresGrad: true, "h0");
        var c0 = RecurrentCells.Of(spec.Cell).HasCellState ? new Variable(spec.C0?.Clone() ?? new Tensor(stateShape), requiresGrad: true, "c0") : null;
        Variable? readoutWeight = null, readoutBias = null;
        if (spec.Output is { } readout)
        {
            readoutWeight = new Variable(readout.Weight.Clone(), requiresGrad: true, "output.weight");
            readoutBias = new Variable(readout.Bias?.Clone() ?? new Tensor(readout.Weight.Dim(0)), requiresGrad: true, "output.bias");
        }

        using var tape = new Tape();
        var trace = new List<StepTrace>();
        var result = layer.ForwardReference(inputs, spec.Lengths, h0, c0, trace);

        // y_t = W h_t + b for every step at once: [B·T, D·H] · Wᵀ → [B, T, out].
        Variable? y = null;
        if (readoutWeight is not null)
        {
            var flat = Ops.Reshape(result.Output, batch * time, spec.OutputWidth);
            y = Ops.Reshape(Ops.Linear(flat, readoutWeight, readoutBias), batch, time, spec.PredictionWidth);
        }

        Variable? loss = null;
        if (spec.Loss is { } lossSpec)
        {
            loss = SquaredError(y ?? result.Output, lossSpec);
            loss.Backward();
        }

        var gradients = new List<KeyValuePair<string, Tensor>>();
        if (loss is not null)
        {
            Add(gradients, "inputs", inputs);
            Add(gradients, "h0", h0);
            if (c0 is not null) Add(gradients, "c0", c0);
            foreach (var (name, parameter) in layer.NamedParameters()) Add(gradients, name, parameter);
            if (readoutWeight is not null) Add(gradients, "output.weight", readoutWeight);
            if (readoutBias is not null) Add(gradients, "output.bias", readoutBias);
        }

        return new TraceResult
        {
            Spec = spec,
            Outputs = result.Output.Value.Clone(),
            HiddenState = result.HiddenState.Value.Clone(),
            CellState = result.CellState?.Value.Clone(),
            Y = y?.Value.Clone(),
            Loss = loss?.Value.Data[0],
            Gradients = gradients,
            Steps = trace.Select(step => ToStep(step, spec.Cell, withGradient: loss is not null)).ToList(),
        };
    }

    /// <summary>Scale · Σ (prediction − target)² over the steps that have a target; prediction [B, T, out].</summary>
    private static Variable SquaredError(Variable prediction, SquaredErrorLoss loss)
    {
        int batch = prediction.Dim(0), time = prediction.Dim(1), width = prediction.Dim(2);
        var mask = new Tensor(batch, time, width);
        for (int b = 0; b < batch; b++)
            for (int t = 0; t < time; t++)
                if (loss.HasTarget[b, t])
                    mask.Span.Slice((b * time + t) * width, width).Fill(1f);
        var error = Ops.Mul(Ops.Sub(prediction, new Variable(loss.Targets)), new Variable(mask));
        return Ops.Scale(Ops.Sum(Ops.Mul(error, error)), loss.Scale);
    }

    private static TraceStep ToStep(StepTrace step, CellKind cell, bool withGradient)
    {
        var known = QuantityNames(cell);
        var names = known.Where(step.Values.ContainsKey).Concat(step.Values.Keys.Where(k => !known.Contains(k)));
        var quantities = names.Select(n => KeyValuePair.Create(n, step.Values[n].Value.Clone())).ToList();
        // A state no loss depends on receives no gradient at all; that is ∂loss/∂h_t = 0.
        Tensor? hiddenGrad = withGradient ? step.Hidden.Grad?.Clone() ?? new Tensor(step.Hidden.Shape) : null;
        return new TraceStep(step.Layer, step.Direction, step.Time, quantities, hiddenGrad);
    }

    private static void Add(List<KeyValuePair<string, Tensor>> gradients, string name, Variable variable) =>
        gradients.Add(KeyValuePair.Create(name, variable.Grad?.Clone() ?? new Tensor(variable.Shape)));
}
