using Recurrent.Layers;

namespace Recurrent.Tests.Recurrence;

/// <summary>Peephole weights start at zero, where a model that ignored them would compute the same: tests that check them set them first.</summary>
internal static class PeepholeWeights
{
    /// <summary>Every peephole weight (weight_pi, weight_pf, weight_po of each layer and direction) drawn from N(0, 1).</summary>
    public static void Randomize(Module network)
    {
        var rng = new Rng(9);
        var peepholes = network.NamedParameters().Where(p => p.Name.Contains(".weight_p", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(peepholes);
        foreach (var (_, parameter) in peepholes)
        {
            var values = new Tensor(parameter.Shape);
            rng.FillNormal(values.Span, 0f, 1f);
            parameter.Assign(values);
        }
    }
}
