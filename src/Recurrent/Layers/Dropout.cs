using Recurrent.Autograd;
using Recurrent.Tensors;

namespace Recurrent.Layers;

/// <summary>Inverted dropout with probability P while the module is training; the identity in evaluation.</summary>
public sealed class Dropout : Module
{
    private readonly Rng rng;

    public float P { get; }

    public Dropout(float p, Rng rng)
    {
        if (!(p >= 0f && p <= 1f))
            throw new ArgumentOutOfRangeException(nameof(p), $"Dropout: p must be in [0, 1], got {p}.");
        P = p;
        this.rng = AddRng("rng", rng);
    }

    public Variable Forward(Variable x) => Ops.Dropout(x, P, rng, Training);
}
