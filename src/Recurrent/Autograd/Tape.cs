using Recurrent.Tensors;

namespace Recurrent.Autograd;

/// <summary>
/// Reverse-mode autodiff tape. While a tape is open (between its construction and Dispose), every op
/// that reads a variable requiring a gradient appends its backward closure here; <see cref="Backward"/>
/// replays the closures in reverse order. With no tape open, or inside <see cref="NoGrad"/>, ops record
/// nothing: that is inference mode, with no graph and no cached activations.
/// </summary>
public sealed class Tape : IDisposable
{
    [ThreadStatic] private static Tape? current;
    [ThreadStatic] private static int suspended;

    private readonly Tape? previous;
    private readonly List<(Variable Output, Action Backward)> entries = new();
    private bool disposed;

    public Tape()
    {
        previous = current;
        current = this;
    }

    /// <summary>The innermost open tape on this thread, or null.</summary>
    public static Tape? Current => suspended > 0 ? null : current;

    /// <summary>Number of recorded ops.</summary>
    public int Count => entries.Count;

    /// <summary>Suspends recording on this thread until the returned scope is disposed.</summary>
    public static IDisposable NoGrad() => new NoGradScope();

    /// <summary>
    /// Creates the output variable of an op and records <paramref name="backward"/> when any input needs a gradient;
    /// otherwise returns a plain constant. The closure reads the output's gradient and accumulates into the inputs'.
    /// </summary>
    public static Variable Record(Tensor value, Variable[] inputs, Func<Variable, Action> backward)
    {
        var tape = Current;
        if (tape is null || !AnyRequiresGrad(inputs)) return new Variable(value);
        var output = new Variable(value, tape);
        tape.entries.Add((output, backward(output)));
        return output;
    }

    public static Variable Record(Tensor value, Variable input, Func<Variable, Action> backward)
        => Record(value, [input], backward);

    public static Variable Record(Tensor value, Variable a, Variable b, Func<Variable, Action> backward)
        => Record(value, [a, b], backward);

    internal void Backward(Variable loss, Tensor? seed)
    {
        // Intermediate gradients are recomputed from scratch on every pass (and stay readable afterwards, see
        // ReuseGradientStorage); only leaf variables such as parameters accumulate across passes.
        foreach (var (output, _) in entries)
            if (ReuseGradientStorage) output.ReleaseGrad();
            else output.ZeroGrad();
        if (seed is null)
        {
            if (loss.Value.Size != 1)
                throw new InvalidOperationException(
                    $"Backward() without a seed needs a scalar loss, but the value has shape {Tensor.ShapeText(loss.Shape)}. " +
                    "Reduce it (e.g. Ops.Sum) or pass a seed gradient.");
            loss.AccumulateGrad([1f]);
        }
        else
        {
            if (!seed.SameShape(loss.Value))
                throw new ArgumentException($"Seed gradient shape {Tensor.ShapeText(seed.Shape)} differs from the value's {Tensor.ShapeText(loss.Shape)}.");
            loss.AccumulateGrad(seed.ReadOnlySpan);
        }
        var outer = gathering;
        gathering = weightGradientRows ??= new WeightGradientRows();
        try
        {
            for (int i = entries.Count - 1; i >= 0; i--)
            {
                var (output, step) = entries[i];
                if (output.Grad is not null) step();
            }
            weightGradientRows.AddAll();
        }
        finally
        {
            gathering = outer;
            weightGradientRows.Discard();
        }
    }

    /// <summary>The weight gradients of this tape's backward pass that arrive a few rows at a time (see <see cref="GatherWeightGradient"/>).</summary>
    private WeightGradientRows? weightGradientRows;

    /// <summary>Where the backward pass running on this thread gathers them; null outside <see cref="Backward"/>.</summary>
    [ThreadStatic] private static WeightGradientRows? gathering;

    /// <summary>
    /// dW += dYᵀ · X for a leaf W [n, k] (a parameter), dY [rows, n] and X [rows, k], left to the end of the backward pass running
    /// on this thread when there are only a few rows (a decoder step's batch), where all such rows of W become one product; false
    /// when the caller must add it now (no backward pass running, W an op's result whose gradient its own backward step reads, or
    /// rows enough for a product of their own).
    /// </summary>
    internal static bool GatherWeightGradient(Variable weight, ReadOnlySpan<float> outputGradient, int rows, ReadOnlySpan<float> input)
    {
        if (gathering is null || weight.Tape is not null || rows > WeightGradientRows.MaximumRows) return false;
        gathering.Add(weight, outputGradient, rows, input);
        return true;
    }

    /// <summary>
    /// When true, <see cref="Dispose"/> gives the storage of the intermediate results' gradients back for reuse by the next
    /// pass and sets their <see cref="Variable.Grad"/> to null; parameters keep theirs. Training loops set it: the gradients of
    /// a step's intermediate results are tens of megabytes for a recurrent network, allocated again at every step otherwise.
    /// Read or clone an intermediate gradient before disposing such a tape. Default false: they stay readable afterwards.
    /// </summary>
    public bool ReuseGradientStorage { get; init; }

    /// <summary>
    /// When true, a weight that the fused recurrent kernels multiply by is packed into the matrix-product layout
    /// (<see cref="PackedMatrix"/>) once for everything the tape records and replays, instead of once per op: a translator's
    /// decoder runs one step at a time, and each step, forward and backward, multiplies by the same weights. The packed copies
    /// are freed when the tape is disposed. Set it only when no weight changes while the tape is open, as in training loops,
    /// which step the optimiser after disposing the tape. Default false: each op packs what it multiplies by.
    /// </summary>
    public bool PackWeightsOnce { get; init; }

    /// <summary>
    /// When true, the large results of matrix products and linear layers recorded on the tape, and the log-probabilities
    /// cross-entropy keeps for its backward pass, take their storage from the pool that <see cref="ReuseGradientStorage"/>
    /// uses and give it back when the tape is disposed: a translator's output layer writes three arrays of 367 × 5,704
    /// scores at every step, which the collector otherwise hands out as fresh pages (a page fault per 4 KiB). Set it only
    /// when nothing reads those values after the tape is closed, as in training loops, which keep the loss (a scalar, never
    /// pooled) and carry recurrent states (which the recurrent kernels allocate themselves). Default false.
    /// </summary>
    public bool ReuseValueStorage { get; init; }

    /// <summary>The pooled storage of values handed out for <see cref="ReuseValueStorage"/>, given back on dispose.</summary>
    private List<float[]>? pooledValues;

    /// <summary>
    /// A [<paramref name="rows"/>, <paramref name="columns"/>] tensor for an op's result, with stale contents when it comes
    /// from the pool: from the storage pool when the innermost open tape reuses value storage
    /// (<see cref="ReuseValueStorage"/>) and the tensor is large enough to pool, otherwise a new, cleared one.
    /// </summary>
    internal static Tensor NewValue(int rows, int columns) => NewValue([rows, columns]);

    /// <summary>The same as <see cref="NewValue(int, int)"/> for a tensor of any <paramref name="shape"/>.</summary>
    internal static Tensor NewValue(int[] shape)
    {
        var tape = Current;
        long size = 1;
        foreach (int extent in shape) size *= extent;
        if (tape is not { ReuseValueStorage: true } || size < StoragePool.MinimumLength || size > Array.MaxLength) return new Tensor(shape);
        var storage = StoragePool.Shared.Rent((int)size);
        (tape.pooledValues ??= []).Add(storage);
        return new Tensor(storage, shape);
    }

    /// <summary>
    /// An array of at least <paramref name="length"/> floats that an op keeps for its backward step only (never part of a
    /// value): from the storage pool, with stale contents, when the innermost open tape reuses value storage
    /// (<see cref="ReuseValueStorage"/>) and it is large enough to pool, given back when the tape is disposed; otherwise
    /// a new, cleared one. A translator's Bahdanau attention keeps tanh(q + k) [B, S, A] at every decoder step.
    /// </summary>
    internal static float[] NewBackwardCache(int length)
    {
        var tape = Current;
        if (tape is not { ReuseValueStorage: true } || length < StoragePool.MinimumLength) return new float[length];
        var storage = StoragePool.Shared.Rent(length);
        (tape.pooledValues ??= []).Add(storage);
        return storage;
    }

    /// <summary>The packings kept for <see cref="PackWeightsOnce"/>, by weight and orientation.</summary>
    private Dictionary<(Tensor Weight, bool Transposed), PackedMatrix>? packings;

    /// <summary>
    /// The weight packed as the right operand op(W) (Wᵀ when <paramref name="transposed"/>) of the innermost open tape that
    /// packs weights once (<see cref="PackWeightsOnce"/>), packed now if it is the first use; null when there is no such tape.
    /// </summary>
    internal static PackedMatrix? SharedPacking(Tensor weight, bool transposed)
    {
        var tape = Current;
        if (tape is not { PackWeightsOnce: true }) return null;
        tape.packings ??= new();
        if (!tape.packings.TryGetValue((weight, transposed), out var packed))
        {
            int rows = weight.Dim(0), columns = weight.Dim(1);
            packed = transposed
                ? PackedMatrix.Pack(true, columns, rows, weight.ReadOnlySpan, columns)   // Wᵀ [columns, rows]
                : PackedMatrix.Pack(false, rows, columns, weight.ReadOnlySpan, columns); // W [rows, columns]
            tape.packings[(weight, transposed)] = packed;
        }
        return packed;
    }

    /// <summary>Closes the tape (see <see cref="ReuseGradientStorage"/> for what happens to the intermediate gradients).</summary>
    public void Dispose()
    {
        if (disposed) return;
        disposed = true;
        if (ReuseGradientStorage)
            foreach (var (output, _) in entries) output.ReleaseGrad();
        entries.Clear();
        if (pooledValues is not null)
            foreach (var storage in pooledValues) StoragePool.Shared.Return(storage);
        pooledValues = null;
        if (packings is not null)
            foreach (var packed in packings.Values) packed.Dispose();
        packings = null;
        if (ReferenceEquals(current, this)) current = previous;
    }

    private static bool AnyRequiresGrad(Variable[] inputs)
    {
        foreach (var v in inputs) if (v.RequiresGrad) return true;
        return false;
    }

    private sealed class NoGradScope : IDisposable
    {
        private bool disposed;
        public NoGradScope() => suspended++;
        public void Dispose()
        {
            if (disposed) return;
            disposed = true;
            suspended--;
        }
    }
}
