using System.Globalization;
using System.Numerics.Tensors;
using Recurrent.Autograd;

namespace Recurrent.Training;

/// <summary>
/// Base of every optimizer: the parameters it updates, the learning rate (which schedules set), per-parameter state buffers,
/// and their checkpoint form (<see cref="GetState"/> / <see cref="LoadState"/>).
/// As in PyTorch, a parameter whose gradient is null at <see cref="Step()"/> is left alone, and its own step count
/// (used by bias corrections and learning-rate decay) does not advance.
/// </summary>
public abstract class Optimizer
{
    private readonly Variable[] parameters;
    private readonly int[] parameterSteps;                  // PyTorch's state['step'] of each parameter
    private readonly List<ParameterBuffers> buffers = new();
    private readonly float[] decayedGradient;               // g + λp when an L2 penalty is applied
    private readonly float[] scratch;                       // one intermediate of an update
    private float[]? scaledGradient;                        // s·g for UpdateScaled's default
    private float learningRate;

    /// <summary>Validates <paramref name="options"/> and takes the parameters that require a gradient, in order; frozen ones are skipped.</summary>
    protected Optimizer(IEnumerable<Variable> parameters, IOptimizerOptions options)
    {
        options.Validate();
        this.parameters = parameters.Where(p => p.RequiresGrad).ToArray();
        var seen = new HashSet<Variable>(ReferenceEqualityComparer.Instance);
        foreach (var p in this.parameters)
            if (!seen.Add(p))
                throw new ArgumentException($"Parameter {p.Name ?? "(unnamed)"} of shape {Tensor.ShapeText(p.Shape)} is given to the optimizer twice.");
        parameterSteps = new int[this.parameters.Length];
        int largest = this.parameters.Length == 0 ? 0 : this.parameters.Max(p => p.Value.Size);
        decayedGradient = new float[largest];
        scratch = new float[largest];
        LearningRate = options.LearningRate;
    }

    /// <summary>The optimizer's name as <see cref="OptimizerFactory"/> spells it (<c>adam</c>).</summary>
    public abstract string Kind { get; }

    /// <summary>The parameters this optimizer updates: those given that require a gradient, in order.</summary>
    public IReadOnlyList<Variable> Parameters => parameters;

    /// <summary>Step size of the next <see cref="Step()"/>; schedules change it between steps.</summary>
    public float LearningRate
    {
        get => learningRate;
        set
        {
            if (!(value >= 0) || float.IsInfinity(value))
                throw new ArgumentException(
                    $"{GetType().Name}.LearningRate must be a non-negative number, got {value.ToString(CultureInfo.InvariantCulture)}.");
            learningRate = value;
        }
    }

    /// <summary>Number of <see cref="Step()"/> calls.</summary>
    public int StepCount { get; private set; }

    /// <summary>Updates every parameter that has a gradient.</summary>
    public void Step() => Step(1f);

    /// <summary>
    /// Updates every parameter that has a gradient as if each gradient had first been multiplied by
    /// <paramref name="gradientScale"/> (the factor of clipping by global norm, <see cref="GradientClipping.GlobalNormScale"/>),
    /// with the same bits as scaling the gradients in place and then calling <see cref="Step()"/>, but without the pass
    /// that writes the scaled gradients back: Adam and AdamW multiply each gradient element as they read it; the other
    /// optimizers update from a scaled copy. The gradients themselves are left as they are.
    /// </summary>
    public void Step(float gradientScale)
    {
        StepCount++;
        for (int n = 0; n < parameters.Length; n++)
        {
            if (parameters[n].Grad is not { } grad) continue;
            parameterSteps[n]++;
            if (gradientScale == 1f)
                Update(n, parameters[n].Value.Span, grad.ReadOnlySpan, parameterSteps[n]);
            else
                UpdateScaled(n, parameters[n].Value.Span, grad.ReadOnlySpan, gradientScale, parameterSteps[n]);
        }
    }

    /// <summary>Clears the gradient of every parameter (sets it to null, as PyTorch's <c>set_to_none</c>).</summary>
    public void ZeroGrad()
    {
        foreach (var p in parameters) p.ZeroGrad();
    }

    /// <summary>
    /// Applies one update to parameter number <paramref name="index"/>, whose <paramref name="step"/>-th update this is (from 1).
    /// </summary>
    protected abstract void Update(int index, Span<float> value, ReadOnlySpan<float> grad, int step);

    /// <summary>
    /// <see cref="Update"/> with the gradient multiplied by <paramref name="gradientScale"/>: by default an update from a
    /// scaled copy (one array of the largest parameter's size, made on first use); optimizers that can fold the factor into
    /// their own pass over the gradient override it.
    /// </summary>
    protected virtual void UpdateScaled(int index, Span<float> value, ReadOnlySpan<float> grad, float gradientScale, int step)
    {
        var scaled = (scaledGradient ??= new float[decayedGradient.Length]).AsSpan(0, grad.Length);
        TensorPrimitives.Multiply(grad, gradientScale, scaled);
        Update(index, value, scaled, step);
    }

    /// <summary>Registers a per-parameter buffer; <paramref name="name"/> is its PyTorch state key (<c>exp_avg</c>).</summary>
    protected ParameterBuffers AddBuffers(string name)
    {
        var added = new ParameterBuffers(name, parameters);
        buffers.Add(added);
        return added;
    }

    /// <summary>g + λp (PyTorch's L2 <c>weight_decay</c>, added to the gradient), or g itself when λ is 0.</summary>
    protected ReadOnlySpan<float> WithWeightDecay(ReadOnlySpan<float> grad, ReadOnlySpan<float> value, float weightDecay)
    {
        if (weightDecay == 0) return grad;
        var decayed = decayedGradient.AsSpan(0, grad.Length);
        TensorPrimitives.MultiplyAdd(value, weightDecay, grad, decayed);
        return decayed;
    }

    /// <summary>A work buffer of <paramref name="length"/> elements for one intermediate of an update; overwritten by the next update.</summary>
    protected Span<float> Scratch(int length) => scratch.AsSpan(0, length);

    /// <summary>A copy of the learning rate, the step counts and every buffer.</summary>
    public OptimizerState GetState()
    {
        var state = new OptimizerState { Kind = Kind, ParameterShapes = parameters.Select(p => (int[])p.Shape.Clone()).ToArray() };
        state.Scalars["lr"] = LearningRate;
        state.Scalars["step_count"] = StepCount;
        for (int n = 0; n < parameters.Length; n++) state.Scalars[$"step/{n}"] = parameterSteps[n];
        foreach (var buffer in buffers)
            for (int n = 0; n < parameters.Length; n++)
                if (buffer[n] is { } values) state.Buffers[$"{buffer.Name}/{n}"] = (float[])values.Clone();
        return state;
    }

    /// <summary>
    /// Replaces the learning rate, step counts and buffers with copies of those in <paramref name="state"/>.
    /// Nothing changes unless the whole state fits: same kind, same parameter count and shapes, known buffers of the right size.
    /// The options (betas, momentum…) are not part of the state; they are the ones this optimizer was built with.
    /// </summary>
    public void LoadState(OptimizerState state)
    {
        CheckFits(state);
        LearningRate = (float)state.Scalars["lr"];
        StepCount = (int)state.Scalars["step_count"];
        for (int n = 0; n < parameters.Length; n++) parameterSteps[n] = (int)state.Scalars[$"step/{n}"];
        foreach (var buffer in buffers)
            for (int n = 0; n < parameters.Length; n++)
                buffer[n] = state.Buffers.TryGetValue($"{buffer.Name}/{n}", out var values) ? (float[])values.Clone() : null;
    }

    private void CheckFits(OptimizerState state)
    {
        if (state.Kind != Kind)
            throw new ArgumentException($"The optimizer state was saved by '{state.Kind}' and cannot be loaded into '{Kind}'.");
        if (state.ParameterShapes.Count != parameters.Length)
            throw new ArgumentException(
                $"The optimizer state is for {state.ParameterShapes.Count} parameters but this {Kind} optimizer updates {parameters.Length} " +
                "(only parameters that require a gradient count). Was the model built with a different configuration?");
        for (int n = 0; n < parameters.Length; n++)
            if (!state.ParameterShapes[n].AsSpan().SequenceEqual(parameters[n].Shape))
                throw new ArgumentException(
                    $"Parameter {n} ({parameters[n].Name ?? "unnamed"}) has shape {Tensor.ShapeText(parameters[n].Shape)} " +
                    $"but the optimizer state's parameter {n} has shape {Tensor.ShapeText(state.ParameterShapes[n])}.");

        var expectedScalars = new List<string> { "lr", "step_count" };
        for (int n = 0; n < parameters.Length; n++) expectedScalars.Add($"step/{n}");
        foreach (string name in expectedScalars)
            if (!state.Scalars.ContainsKey(name))
                throw new ArgumentException($"The {Kind} optimizer state has no scalar '{name}'.");
        foreach (string name in state.Scalars.Keys)
            if (!expectedScalars.Contains(name))
                throw new ArgumentException($"The {Kind} optimizer state has an unknown scalar '{name}'.");

        foreach (var (name, values) in state.Buffers)
        {
            int slash = name.LastIndexOf('/');
            string key = slash < 0 ? name : name[..slash];
            if (!buffers.Exists(b => b.Name == key))
                throw new ArgumentException(
                    $"The optimizer state has a '{name}' buffer but this {Kind} optimizer keeps " +
                    (buffers.Count == 0 ? "none" : string.Join(", ", buffers.Select(b => b.Name))) +
                    "; were its options (momentum, centered…) different when the state was saved?");
            if (slash < 0 || !int.TryParse(name[(slash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out int n) || n >= parameters.Length)
                throw new ArgumentException($"The optimizer state buffer '{name}' does not name a parameter position between 0 and {parameters.Length - 1}.");
            if (values.Length != parameters[n].Value.Size)
                throw new ArgumentException(
                    $"The optimizer state buffer '{name}' has {values.Length} values but parameter {n} " +
                    $"({parameters[n].Name ?? "unnamed"}) has {parameters[n].Value.Size}.");
        }
    }

    /// <summary>
    /// One named buffer per parameter (PyTorch's state key, e.g. <c>exp_avg</c>), with the parameter's size;
    /// null until the parameter is first updated, as PyTorch creates its state lazily.
    /// </summary>
    protected sealed class ParameterBuffers
    {
        private readonly float[]?[] values;
        private readonly Variable[] parameters;

        internal ParameterBuffers(string name, Variable[] parameters)
        {
            Name = name;
            this.parameters = parameters;
            values = new float[]?[parameters.Length];
        }

        public string Name { get; }

        public float[]? this[int index]
        {
            get => values[index];
            set => values[index] = value;
        }

        /// <summary>The buffer of parameter <paramref name="index"/>, created filled with <paramref name="initialValue"/> on first use.</summary>
        public float[] GetOrCreate(int index, float initialValue = 0f)
        {
            if (values[index] is { } existing) return existing;
            var created = new float[parameters[index].Value.Size];
            if (initialValue != 0f) created.AsSpan().Fill(initialValue);
            return values[index] = created;
        }
    }
}
