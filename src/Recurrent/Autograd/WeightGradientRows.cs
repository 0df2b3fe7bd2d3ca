using Recurrent.Tensors;

namespace Recurrent.Autograd;

/// <summary>
/// The weight gradients dW += dYᵀ · X of a backward pass that arrive a few rows at a time, gathered per weight and added in one
/// product when the pass ends. A translator's decoder steps once per target word, so each of its weights would otherwise get
/// one product per step with only the batch (64 rows) to sum over: C = dW [G·H, I], megabytes, read and written for 64
/// multiply-adds an element. Gathered, dW is read and written once for all the rows of all the steps.
/// </summary>
/// <remarks>The rows are copied when they arrive (the kernels give their buffers back as soon as their step is done), into
/// pooled arrays given back after the products.</remarks>
internal sealed class WeightGradientRows
{
    /// <summary>Calls with up to this many rows are gathered; longer ones (a whole sequence) are one large product already.</summary>
    public const int MaximumRows = 128;

    private readonly Dictionary<Variable, Rows> pending = new(ReferenceEqualityComparer.Instance);

    /// <summary>Keeps dY [rows, n] and X [rows, k] of weight W [n, k] for <see cref="AddAll"/>.</summary>
    public void Add(Variable weight, ReadOnlySpan<float> outputGradient, int rows, ReadOnlySpan<float> input)
    {
        if (!pending.TryGetValue(weight, out var gathered))
            pending[weight] = gathered = new Rows(weight.Dim(0), weight.Dim(1));
        gathered.Append(outputGradient, rows, input);
    }

    /// <summary>dW += dYᵀ · X for every weight, over all its gathered rows; then gives the storage back.</summary>
    public void AddAll()
    {
        foreach (var (weight, gathered) in pending)
        {
            var gradient = weight.GradForAccumulation(out float beta);
            Gemm.Multiply(true, false, gathered.Outputs, gathered.Inputs, gathered.Count, 1f, gathered.OutputGradients, gathered.Outputs,
                gathered.InputRows, gathered.Inputs, beta, gradient.Span, gathered.Inputs);
            gathered.Release();
        }
        pending.Clear();
    }

    /// <summary>Gives the storage of rows never added back (a backward pass that failed part way).</summary>
    public void Discard()
    {
        foreach (var gathered in pending.Values) gathered.Release();
        pending.Clear();
    }

    /// <summary>Rows the first arrays of a weight have room for: 16 steps of a batch of 64 (most target sentences are shorter).</summary>
    private const int ReservedRows = 1024;

    /// <summary>The rows gathered for one weight: dY [Count, Outputs] and X [Count, Inputs], in arrival order.</summary>
    private sealed class Rows(int outputs, int inputs)
    {
        private float[] outputGradients = [], inputRows = [];

        public int Outputs => outputs;
        public int Inputs => inputs;
        public int Count { get; private set; }
        public ReadOnlySpan<float> OutputGradients => outputGradients.AsSpan(0, Count * outputs);
        public ReadOnlySpan<float> InputRows => inputRows.AsSpan(0, Count * inputs);

        public void Append(ReadOnlySpan<float> outputGradient, int rows, ReadOnlySpan<float> input)
        {
            // Room for ReservedRows at first, whatever this call's rows (a backward pass starts at the last step, where few
            // sentences are left): the arrays then have the same size class at every training step, and the pool hands them back.
            int reserve = Math.Max(ReservedRows, Count + rows);
            outputGradients = Grown(outputGradients, Count * outputs, reserve * outputs);
            inputRows = Grown(inputRows, Count * inputs, reserve * inputs);
            outputGradient[..(rows * outputs)].CopyTo(outputGradients.AsSpan(Count * outputs));
            input[..(rows * inputs)].CopyTo(inputRows.AsSpan(Count * inputs));
            Count += rows;
        }

        public void Release()
        {
            if (outputGradients.Length > 0) StoragePool.Shared.Return(outputGradients);
            if (inputRows.Length > 0) StoragePool.Shared.Return(inputRows);
            outputGradients = inputRows = [];
            Count = 0;
        }

        /// <summary>An array of at least <paramref name="needed"/> floats holding the first <paramref name="used"/> of
        /// <paramref name="array"/>: the same one when it is long enough, else a pooled one twice as long.</summary>
        private static float[] Grown(float[] array, int used, int needed)
        {
            if (needed <= array.Length) return array;
            var grown = StoragePool.Shared.Rent(Math.Max(needed, 2 * array.Length));
            array.AsSpan(0, used).CopyTo(grown);
            if (array.Length > 0) StoragePool.Shared.Return(array);
            return grown;
        }
    }
}
