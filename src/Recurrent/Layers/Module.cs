using Recurrent.Autograd;
using Recurrent.Tensors;

namespace Recurrent.Layers;

/// <summary>
/// Base of every layer and model: owns named parameters and child modules, and a train/eval mode.
/// Parameter names are dotted paths (<c>encoder.weight_ih_l0</c>), as in a PyTorch state dict.
/// </summary>
public abstract class Module
{
    /// <summary>Open <see cref="Evaluating"/> scopes on this thread.</summary>
    [ThreadStatic] private static int evaluating;

    private readonly List<(string Name, Variable Parameter)> parameters = new();
    private readonly List<(string Name, Module Child)> children = new();
    private readonly List<(string Name, Rng Generator)> generators = new();
    private bool training = true;

    /// <summary>True while training (dropout active); false in evaluation, and on a thread inside <see cref="Evaluating"/>.</summary>
    public bool Training => training && evaluating == 0;

    /// <summary>
    /// Every module reads as in evaluation mode (no dropout) on this thread until the returned scope is disposed, whatever
    /// its own mode, which is left as it is: inference on a model that is training, or that other threads use at the same
    /// time, without switching its mode back and forth.
    /// </summary>
    public static IDisposable Evaluating() => new EvaluationScope();

    /// <summary>
    /// Registers a tensor under <paramref name="name"/>; a parameter that is not <paramref name="trainable"/> (a frozen embedding)
    /// never requires a gradient, so no op records a backward step for it.
    /// </summary>
    protected Variable AddParameter(string name, Tensor value, bool trainable = true)
    {
        if (parameters.Exists(p => p.Name == name) || children.Exists(c => c.Name == name))
            throw new ArgumentException($"{GetType().Name} already has a member named '{name}'.");
        var parameter = new Variable(value, requiresGrad: trainable, name);
        parameters.Add((name, parameter));
        return parameter;
    }

    /// <summary>Registers a child module whose parameters appear as <c>name.param</c>.</summary>
    protected T AddModule<T>(string name, T child) where T : Module
    {
        if (parameters.Exists(p => p.Name == name) || children.Exists(c => c.Name == name))
            throw new ArgumentException($"{GetType().Name} already has a member named '{name}'.");
        children.Add((name, child));
        return child;
    }

    /// <summary>
    /// Registers a random generator this module draws from while running (dropout masks), so that a checkpoint
    /// can save its state and a resumed run continues the same stream.
    /// </summary>
    protected Rng AddRng(string name, Rng generator)
    {
        if (generators.Exists(g => g.Name == name))
            throw new ArgumentException($"{GetType().Name} already has a random generator named '{name}'.");
        generators.Add((name, generator));
        return generator;
    }

    /// <summary>Every registered random generator of this module and its children, with dotted names.</summary>
    public IEnumerable<(string Name, Rng Generator)> NamedRngs()
    {
        foreach (var g in generators) yield return g;
        foreach (var (childName, child) in children)
            foreach (var (name, generator) in child.NamedRngs())
                yield return ($"{childName}.{name}", generator);
    }

    /// <summary>Every parameter of this module and its children, in registration order, with dotted names.</summary>
    public IEnumerable<(string Name, Variable Parameter)> NamedParameters()
    {
        foreach (var p in parameters) yield return p;
        foreach (var (childName, child) in children)
            foreach (var (name, parameter) in child.NamedParameters())
                yield return ($"{childName}.{name}", parameter);
    }

    /// <summary>The parameter with this dotted name; the error lists the names there are.</summary>
    public Variable GetParameter(string name)
    {
        foreach (var (n, p) in NamedParameters()) if (n == name) return p;
        throw new KeyNotFoundException($"{GetType().Name} has no parameter '{name}'. Its parameters are: " +
            $"{string.Join(", ", NamedParameters().Select(p => p.Name))}.");
    }

    public IReadOnlyList<Variable> Parameters() => NamedParameters().Select(p => p.Parameter).ToList();

    /// <summary>The parameters an optimizer should update: those that require a gradient (frozen ones are left out).</summary>
    public IReadOnlyList<Variable> TrainableParameters() => NamedParameters().Select(p => p.Parameter).Where(p => p.RequiresGrad).ToList();

    /// <summary>Switches this module and its children to training (true) or evaluation (false) mode.</summary>
    public void Train(bool training = true)
    {
        this.training = training;
        foreach (var (_, child) in children) child.Train(training);
    }

    public void Eval() => Train(false);

    public void ZeroGrad()
    {
        foreach (var (_, p) in NamedParameters()) p.ZeroGrad();
    }

    /// <summary>Total number of parameter values, trainable and frozen (<see cref="ParameterSummary"/> separates them).</summary>
    public long ParameterCount() => NamedParameters().Sum(p => (long)p.Parameter.Value.Size);

    private sealed class EvaluationScope : IDisposable
    {
        private bool disposed;
        public EvaluationScope() => evaluating++;
        public void Dispose()
        {
            if (disposed) return;
            disposed = true;
            evaluating--;
        }
    }
}
