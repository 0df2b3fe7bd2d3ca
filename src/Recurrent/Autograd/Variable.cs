using Recurrent.Tensors;

namespace Recurrent.Autograd;

/// <summary>
/// A tensor in a computation that can be differentiated: its value, and after
/// <see cref="Backward"/> the gradient of the loss with respect to it.
/// Parameters are variables created with <c>requiresGrad: true</c>; every op that reads one,
/// while a <see cref="Tape"/> is open, records its backward step on that tape.
/// </summary>
public sealed class Variable
{
    public Tensor Value { get; private set; }

    /// <summary>∂loss/∂this, same shape as <see cref="Value"/>; null until a gradient flows in. Gradients accumulate.</summary>
    public Tensor? Grad { get; private set; }

    public bool RequiresGrad { get; }

    public string? Name { get; set; }

    /// <summary>The tape that recorded the op producing this variable, if any.</summary>
    internal Tape? Tape { get; }

    public Variable(Tensor value, bool requiresGrad = false, string? name = null)
    {
        Value = value;
        RequiresGrad = requiresGrad;
        Name = name;
    }

    internal Variable(Tensor value, Tape tape)
    {
        Value = value;
        RequiresGrad = true;
        Tape = tape;
    }

    public int[] Shape => Value.Shape;

    public int Dim(int axis) => Value.Dim(axis);

    /// <summary>A leaf's gradient buffer released by <see cref="ZeroGrad"/>, reused (cleared) by the next <see cref="GradOrZeros"/>,
    /// so a training loop does not allocate every parameter's gradient again at every step.</summary>
    private Tensor? spareGrad;

    /// <summary>The gradient buffer, allocated (or taken back from the last <see cref="ZeroGrad"/>) as zeros on first use.
    /// An intermediate result's gradient is pooled storage (given back by a tape with <see cref="Tape.ReuseGradientStorage"/>).</summary>
    public Tensor GradOrZeros()
    {
        var grad = GradForAccumulation(out float beta);
        if (beta == 0f) grad.Span.Clear();
        return grad;
    }

    /// <summary>
    /// The gradient buffer for a caller about to add a whole tensor into it, such as a product with C = β·C + A·B: the existing
    /// one (<paramref name="beta"/> = 1), or a new one whose contents are stale (<paramref name="beta"/> = 0: overwrite it all),
    /// which saves clearing megabytes only to add to zeros.
    /// </summary>
    internal Tensor GradForAccumulation(out float beta)
    {
        beta = Grad is null ? 0f : 1f;
        if (Grad is not null) return Grad;
        if (spareGrad is { } spare)
        {
            spareGrad = null;
            return Grad = spare;
        }
        return Grad = new Tensor(Tape is not null ? StoragePool.Shared.Rent(Value.Size) : new float[Value.Size], Value.Shape);
    }

    /// <summary>Drops the gradient of an intermediate result (recorded on a tape) and gives its storage back to the pool.</summary>
    internal void ReleaseGrad()
    {
        if (Tape is not null && Grad is not null) StoragePool.Shared.Return(Grad.Data);
        Grad = null;
    }

    /// <summary>Adds <paramref name="gradient"/> into <see cref="Grad"/>.</summary>
    public void AccumulateGrad(ReadOnlySpan<float> gradient)
    {
        var g = GradForAccumulation(out float beta).Span;
        if (beta == 0f && gradient.Length == g.Length)
        {
            gradient.CopyTo(g); // a fresh buffer: the sum is the gradient itself
            return;
        }
        if (beta == 0f) g.Clear();
        System.Numerics.Tensors.TensorPrimitives.Add(g, gradient, g);
    }

    /// <summary>Sets <see cref="Grad"/> to null (PyTorch's <c>set_to_none</c>). A leaf (a parameter) keeps the buffer for its next
    /// gradient, so a <see cref="Grad"/> tensor read before this call is overwritten by the next backward pass: clone it to keep it.</summary>
    public void ZeroGrad()
    {
        if (Tape is null && Grad is not null) spareGrad = Grad;
        Grad = null;
    }

    /// <summary>Replaces the value in place (optimizers, loading weights); shapes must match.</summary>
    public void Assign(Tensor value)
    {
        if (!value.SameShape(Value))
            throw new ArgumentException($"Cannot assign a {Tensor.ShapeText(value.Shape)} value to {Name ?? "a variable"} of " +
                $"shape {Tensor.ShapeText(Value.Shape)}.");
        value.ReadOnlySpan.CopyTo(Value.Span);
    }

    /// <summary>The same value cut off from the graph: no gradient flows back through it.</summary>
    public Variable Detach() => new(Value, requiresGrad: false, Name);

    /// <summary>
    /// Back-propagates from this scalar (or from this tensor with the given seed gradient) through
    /// the tape that recorded it, filling <see cref="Grad"/> of every variable that requires one.
    /// </summary>
    public void Backward(Tensor? seed = null)
    {
        if (Tape is null)
            throw new InvalidOperationException(
                "This variable was not recorded on a tape, so there is nothing to differentiate. " +
                "Open a tape around the forward pass (`using var tape = new Tape();`) and make sure a parameter with requiresGrad takes part.");
        Tape.Backward(this, seed);
    }

    public override string ToString() => $"Variable{(Name is null ? "" : " " + Name)} {Value}";
}
