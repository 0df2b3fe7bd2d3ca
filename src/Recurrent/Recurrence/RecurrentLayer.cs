using Recurrent.Tensors;
using Recurrent.Autograd;
using Recurrent.Layers;

namespace Recurrent.Recurrence;

/// <summary>
/// A stack of recurrent layers (Elman, Jordan, LSTM or GRU), optionally bidirectional, over padded batches with
/// per-sequence lengths: PyTorch's nn.RNN / nn.LSTM / nn.GRU with packed-sequence semantics, parameter names and layouts.
/// <see cref="Forward"/> runs each layer and direction as one fused autograd node (the fast path);
/// <see cref="ForwardReference"/> runs the same maths as one small op per equation and step (the reference path).
/// </summary>
public sealed class RecurrentLayer : Module
{
    /// <summary>Seed of the weight initialisation and dropout masks when no <see cref="Rng"/> is given.</summary>
    public const ulong DefaultSeed = 0;

    private readonly RecurrentCell recurrentCell;
    private readonly CellWeights[] cells; // [L·D], index layer·D + direction
    private readonly Rng rng;
    private Tensor? carriedHidden, carriedCell; // stateful mode: the last call's h_n, c_n [L·D, B, H]

    /// <param name="options">validated here; see <see cref="RecurrentOptions.Validate"/>.</param>
    /// <param name="rng">draws the initial weights, then the dropout masks; seeded with <see cref="DefaultSeed"/> when null.</param>
    public RecurrentLayer(RecurrentOptions options, Rng? rng = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
        recurrentCell = options.RecurrentCell;
        this.rng = AddRng("rng", rng ?? new Rng(DefaultSeed));
        cells = new CellWeights[options.NumLayers * options.NumDirections];
        for (int layer = 0; layer < options.NumLayers; layer++)
            for (int direction = 0; direction < options.NumDirections; direction++)
                cells[layer * options.NumDirections + direction] = CreateCell(layer, direction);
    }

    public RecurrentOptions Options { get; }

    /// <summary>The cell every layer and direction repeats: its contract (gate count, parameters, the four paths through its equations).</summary>
    public RecurrentCell RecurrentCell => recurrentCell;

    /// <summary>The parameters of one layer and direction (0 forward, 1 reverse).</summary>
    public CellWeights Cell(int layer, int direction = 0) => cells[layer * Options.NumDirections + direction];

    /// <summary>
    /// Runs the layers with the fused kernels: one autograd node per layer and direction.
    /// </summary>
    /// <param name="input">[B, T, I] when batch-first, else [T, B, I]. Values at padded steps are ignored.</param>
    /// <param name="lengths">length_b in [1, T] for each sequence, or null when all span T steps.</param>
    /// <param name="h0">[L·D, B, H] initial hidden states (Jordan: initial outputs), or null for zeros (or the carried state when stateful).</param>
    /// <param name="c0">[L·D, B, H] initial cell states, LSTM only.</param>
    public RecurrentResult Forward(Variable input, int[]? lengths = null, Variable? h0 = null, Variable? c0 = null)
        => Run(input, lengths, h0, c0, fused: true, trace: null);

    /// <summary>
    /// Runs the same computation as <see cref="Forward"/> step by step through the cell's reference step
    /// (<see cref="RecurrentCell.Step"/>: <see cref="LstmCell"/>, <see cref="GruCell"/>, <see cref="ElmanCell"/>, …), so the tape
    /// does backpropagation through time op by op. Slower; meant for tests, teaching and probes.
    /// </summary>
    /// <param name="input">as for <see cref="Forward"/>.</param>
    /// <param name="lengths">as for <see cref="Forward"/>.</param>
    /// <param name="h0">as for <see cref="Forward"/>.</param>
    /// <param name="c0">as for <see cref="Forward"/>.</param>
    /// <param name="trace">when given, receives one <see cref="StepTrace"/> per layer, direction and time step, in processing order.</param>
    public RecurrentResult ForwardReference(Variable input, int[]? lengths = null, Variable? h0 = null, Variable? c0 = null, List<StepTrace>? trace = null)
        => Run(input, lengths, h0, c0, fused: false, trace);

    /// <summary>Stateful mode: forgets the carried state, so the next call starts from zeros (or the h0/c0 it is given).</summary>
    public void ResetState()
    {
        carriedHidden = null;
        carriedCell = null;
    }

    private RecurrentResult Run(Variable input, int[]? lengths, Variable? h0, Variable? c0, bool fused, List<StepTrace>? trace)
    {
        ArgumentNullException.ThrowIfNull(input);
        var (steps, batch) = CheckInput(input);
        var sequenceLengths = CheckLengths(lengths, steps, batch);
        bool hasCellState = recurrentCell.HasCellState;
        if (!hasCellState && c0 is not null)
            throw new ArgumentException($"c0 is the LSTM cell state, but this layer's cell is {Options.Cell}; pass null.", nameof(c0));
        h0 = InitialState(h0, carriedHidden, batch, nameof(h0));
        if (hasCellState) c0 = InitialState(c0, carriedCell, batch, nameof(c0));

        var x = Options.BatchFirst ? TimeMajor.SwapLeadingAxes(input) : input; // [T, B, I_k]
        int directions = Options.NumDirections;
        var finalHidden = new List<Variable>();
        var finalCell = new List<Variable>();
        for (int layer = 0; layer < Options.NumLayers; layer++)
        {
            if (fused && (directions == 1 || Options.Merge == MergeMode.Concat))
            {
                x = RunFusedLayer(x, h0, c0, layer, steps, batch, sequenceLengths, finalHidden, finalCell);
                if (layer < Options.NumLayers - 1) x = ApplyDropout(x);
                continue;
            }
            var outputs = new Variable[directions]; // [T, B, H] each
            for (int direction = 0; direction < directions; direction++)
            {
                int index = layer * directions + direction;
                var seq = new SequenceBatch(steps, batch, sequenceLengths, reverse: direction == 1);
                var hInitial = StateAt(h0, index, batch);
                var cInitial = hasCellState ? StateAt(c0, index, batch) : null;
                var (output, hidden, cell) = fused
                    ? RunFused(x, hInitial, cInitial, cells[index], seq)
                    : RunReference(x, hInitial, cInitial, cells[index], seq, layer, direction, trace);
                outputs[direction] = output;
                finalHidden.Add(hidden);
                if (cell is not null) finalCell.Add(cell);
            }
            x = MergeDirections(outputs);
            if (layer < Options.NumLayers - 1) x = ApplyDropout(x);
        }

        var result = new RecurrentResult(
            Options.BatchFirst ? TimeMajor.SwapLeadingAxes(x) : x,
            Ops.Concat(finalHidden, 0),
            hasCellState ? Ops.Concat(finalCell, 0) : null);
        if (Options.Stateful)
        {
            carriedHidden = result.HiddenState.Value.Clone();
            carriedCell = result.CellState?.Value.Clone();
        }
        return result;
    }

    /// <summary>
    /// One layer, all its directions, through the fused kernels into one output tensor [T, B, D·H]: the directions of a
    /// bidirectional layer write their halves of it (PyTorch's layout: forward, then reverse) and are recorded as one node,
    /// so no concatenation copies the outputs forward or splits their gradient backward. Adds h_n (and c_n) [1, B, H] of
    /// each direction to the lists.
    /// </summary>
    private Variable RunFusedLayer(Variable x, Variable? h0, Variable? c0, int layer, int steps, int batch, int[] sequenceLengths,
        List<Variable> finalHidden, List<Variable> finalCell)
    {
        int directions = Options.NumDirections, hidden = Options.HiddenSize, width = directions * hidden;
        var outputs = Tensor.Uninitialized(steps, batch, width); // every row written by the kernels, zero at padded steps
        var passes = new SequencePass[directions];
        for (int direction = 0; direction < directions; direction++)
        {
            int index = layer * directions + direction;
            var seq = new SequenceBatch(steps, batch, sequenceLengths, reverse: direction == 1);
            var hInitial = StateAt(h0, index, batch);
            var output = new SequenceOutput(outputs.Data, width, direction * hidden);
            passes[direction] = FusedPass(x, hInitial, StateAt(c0, index, batch), cells[index], seq, output);
        }
        var (merged, finals) = SequenceBatch.Record(outputs, passes);
        foreach (var final in finals)
        {
            var (hiddenState, cellState) = SplitFinals(final);
            finalHidden.Add(hiddenState);
            if (cellState is not null) finalCell.Add(cellState);
        }
        return merged;
    }

    /// <summary>One layer and direction through its fused kernel: outputs [T, B, H], h_n and c_n [1, B, H].</summary>
    private (Variable Output, Variable Hidden, Variable? Cell) RunFused(Variable x, Variable h0, Variable? c0, CellWeights w, SequenceBatch seq)
    {
        var outputs = Tensor.Uninitialized(seq.Steps, seq.Batch, Options.HiddenSize); // every row written by the kernel
        var pass = FusedPass(x, h0, c0, w, seq, new SequenceOutput(outputs.Data, Options.HiddenSize, 0));
        var (output, finals) = SequenceBatch.Record(outputs, pass);
        var (hidden, cell) = SplitFinals(finals[0]);
        return (output, hidden, cell);
    }

    /// <summary>One direction's fused kernel for this layer's cell, writing its outputs into <paramref name="output"/>;
    /// c0 is read by the LSTM only.</summary>
    private SequencePass FusedPass(Variable x, Variable h0, Variable? c0, CellWeights w, SequenceBatch seq, SequenceOutput output) =>
        recurrentCell.Sequence(x, h0, c0, w, seq, output);

    /// <summary>A kernel's final states [S, B, H] as h_n [1, B, H] and, for an LSTM, c_n [1, B, H].</summary>
    private (Variable Hidden, Variable? Cell) SplitFinals(Variable finals) =>
        recurrentCell.HasCellState ? (Ops.Slice(finals, 0, 0, 1), Ops.Slice(finals, 0, 1, 1)) : (finals, null);

    /// <summary>One layer and direction step by step through the reference cell: outputs [T, B, H], h_n and c_n [1, B, H].</summary>
    private (Variable Output, Variable Hidden, Variable? Cell) RunReference(Variable x, Variable h0, Variable? c0, CellWeights w,
        SequenceBatch seq, int layer, int direction, List<StepTrace>? trace)
    {
        int steps = seq.Steps, batch = seq.Batch, hiddenSize = Options.HiddenSize, inputSize = x.Dim(2);
        var h = Ops.Reshape(h0, batch, hiddenSize);
        var c = c0 is null ? null : Ops.Reshape(c0, batch, hiddenSize);
        var outputs = new Variable[steps];
        for (int s = 0; s < steps; s++)
        {
            int t = seq.TimeAt(s);
            var xt = Ops.Reshape(Ops.Slice(x, 0, t, 1), batch, inputSize);
            var step = recurrentCell.Step(xt, h, c, w);
            var output = step.Hidden;
            if (PaddingMasks(seq, t, hiddenSize) is var (active, padded))
            {
                // Padding leaves the state unchanged and outputs zero: h_t = m ⊙ h_new + (1 − m) ⊙ h_{t−1}.
                h = Ops.Add(Ops.Mul(step.Hidden, active), Ops.Mul(h, padded));
                // The output reads the carried state (m ⊙ h_t = m ⊙ h_new), so StepTrace.Hidden.Grad holds all of ∂L/∂h_t.
                output = Ops.Mul(h, active);
                if (c is not null) c = Ops.Add(Ops.Mul(step.Cell!, active), Ops.Mul(c, padded));
            }
            else
            {
                h = step.Hidden;
                c = step.Cell;
            }
            outputs[t] = Ops.Reshape(output, 1, batch, hiddenSize);
            trace?.Add(new StepTrace(layer, direction, t, step.Values, h));
        }
        return (Ops.Concat(outputs, 0), Ops.Reshape(h, 1, batch, hiddenSize), c is null ? null : Ops.Reshape(c, 1, batch, hiddenSize));
    }

    /// <summary>For a step where some sequence is padded: constant [B, H] masks m (1 on active rows) and 1 − m; else null.</summary>
    private static (Variable Active, Variable Padded)? PaddingMasks(SequenceBatch seq, int t, int hiddenSize)
    {
        if (seq.Lengths.All(length => t < length)) return null;
        var active = new Tensor(seq.Batch, hiddenSize);
        var padded = new Tensor(seq.Batch, hiddenSize);
        for (int b = 0; b < seq.Batch; b++)
            (seq.IsActive(t, b) ? active : padded).Span.Slice(b * hiddenSize, hiddenSize).Fill(1f);
        return (new Variable(active), new Variable(padded));
    }

    /// <summary>Combines the directions' [T, B, H] outputs by <see cref="RecurrentOptions.Merge"/>.</summary>
    private Variable MergeDirections(Variable[] outputs)
    {
        if (outputs.Length == 1) return outputs[0];
        var (forward, reverse) = (outputs[0], outputs[1]);
        return Options.Merge switch
        {
            MergeMode.Concat => Ops.Concat(outputs, 2),
            MergeMode.Sum => Ops.Add(forward, reverse),
            MergeMode.Multiply => Ops.Mul(forward, reverse),
            _ => Ops.Scale(Ops.Add(forward, reverse), 0.5f),
        };
    }

    /// <summary>Inverted dropout between layers, in training mode only: zero with probability p, else scale by 1/(1 − p).</summary>
    private Variable ApplyDropout(Variable x)
    {
        float p = Options.Dropout;
        if (!Training || p == 0f) return x;
        var mask = new Tensor(x.Shape);
        float keep = 1f / (1f - p);
        var m = mask.Span;
        for (int i = 0; i < m.Length; i++) m[i] = rng.NextFloat() < p ? 0f : keep;
        return Ops.Mul(x, new Variable(mask));
    }

    /// <summary>The state the stack starts from: the given one (checked), the carried one when stateful, or null for zeros.</summary>
    private Variable? InitialState(Variable? given, Tensor? carried, int batch, string name)
    {
        int[] expected = [Options.NumLayers * Options.NumDirections, batch, Options.HiddenSize];
        if (given is not null)
        {
            if (!given.Shape.AsSpan().SequenceEqual(expected))
                throw new ArgumentException(
                    $"{name} must have shape [num_layers·directions, batch, hidden] = {Tensor.ShapeText(expected)}, but has shape " +
                        $"{Tensor.ShapeText(given.Shape)}.", name);
            return given;
        }
        if (!Options.Stateful || carried is null) return null;
        if (carried.Dim(1) != batch)
            throw new InvalidOperationException(
                $"This stateful RecurrentLayer carries a state for batch size {carried.Dim(1)}, but the input has batch size {batch}. " +
                "Keep the batch size fixed between calls, or call ResetState() first.");
        return new Variable(carried);
    }

    /// <summary>Layer-direction <paramref name="index"/> of a [L·D, B, H] state as [1, B, H], or zeros.</summary>
    private Variable StateAt(Variable? states, int index, int batch) =>
        states is null ? new Variable(new Tensor(1, batch, Options.HiddenSize)) : Ops.Slice(states, 0, index, 1);

    private (int Steps, int Batch) CheckInput(Variable input)
    {
        string layout = Options.BatchFirst ? "[batch, time, input_size]" : "[time, batch, input_size]";
        if (input.Value.Rank != 3 || input.Dim(2) != Options.InputSize || input.Dim(0) == 0 || input.Dim(1) == 0)
            throw new ArgumentException(
                $"RecurrentLayer expects input of shape {layout} with input_size {Options.InputSize} and non-empty batch and time, but got " +
                    $"{Tensor.ShapeText(input.Shape)}.",
                nameof(input));
        return Options.BatchFirst ? (input.Dim(1), input.Dim(0)) : (input.Dim(0), input.Dim(1));
    }

    private static int[] CheckLengths(int[]? lengths, int steps, int batch)
    {
        if (lengths is null) return Enumerable.Repeat(steps, batch).ToArray();
        if (lengths.Length != batch)
            throw new ArgumentException($"lengths has {lengths.Length} entries, but the batch has {batch} sequences.", nameof(lengths));
        for (int b = 0; b < batch; b++)
            if (lengths[b] < 1 || lengths[b] > steps)
                throw new ArgumentOutOfRangeException(nameof(lengths),
                    $"lengths[{b}] = {lengths[b]} is outside [1, {steps}] (the input has {steps} time steps).");
        return (int[])lengths.Clone();
    }

    /// <summary>Registers one layer's and direction's parameters (PyTorch names and order) and initialises them.</summary>
    private CellWeights CreateCell(int layer, int direction)
    {
        int hidden = Options.HiddenSize, rows = Options.GateCount * hidden, inputSize = Options.LayerInputSize(layer);
        float bound = 1f / MathF.Sqrt(hidden);
        string suffix = $"l{layer}" + (direction == 1 ? "_reverse" : "");
        var inputWeight = AddParameter("weight_ih_" + suffix, new Tensor(rows, inputSize));
        var recurrentWeight = AddParameter("weight_hh_" + suffix, new Tensor(rows, hidden));
        var inputBias = AddParameter("bias_ih_" + suffix, new Tensor(rows));
        var recurrentBias = AddParameter("bias_hh_" + suffix, new Tensor(rows));
        WeightInitializer.Fill(inputWeight.Value, hidden, Options.InputWeightInit, bound, rng);
        WeightInitializer.Fill(recurrentWeight.Value, hidden, Options.RecurrentWeightInit, bound, rng);
        rng.FillUniform(inputBias.Value.Span, -bound, bound);
        rng.FillUniform(recurrentBias.Value.Span, -bound, bound);
        if (Options.ForgetGateBiasOne)
        {
            inputBias.Value.Span.Slice(hidden, hidden).Fill(1f); // LSTM gate order i, f, g, o: f is block 1
            recurrentBias.Value.Span.Slice(hidden, hidden).Clear();
        }
        var extra = new List<Variable>();
        foreach (var parameter in recurrentCell.ExtraParameters)
        {
            var value = AddParameter($"{parameter.Name}_{suffix}", new Tensor(parameter.Shape(hidden)));
            if (parameter.Init == CellParameterInit.LikeInputWeight) WeightInitializer.Fill(value.Value, hidden, Options.InputWeightInit, bound, rng);
            else if (parameter.Init == CellParameterInit.UniformBias) rng.FillUniform(value.Value.Span, -bound, bound);
            extra.Add(value);
        }
        return new CellWeights(inputWeight, recurrentWeight, inputBias, recurrentBias, extra);
    }
}
