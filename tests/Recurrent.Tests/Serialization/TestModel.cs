using Recurrent.Layers;

namespace Recurrent.Tests.Serialization;

/// <summary>A module with exactly the parameters (and children) it is given, filled with U(−1, 1), for state-dict tests.</summary>
internal sealed class TestModel : Module
{
    public TestModel(params (string Name, int[] Shape)[] parameters)
    {
        var rng = new Rng(7);
        foreach (var (name, shape) in parameters)
        {
            var value = new Tensor(shape);
            rng.FillUniform(value.Span, -1f, 1f);
            AddParameter(name, value);
        }
    }

    public TestModel With(string name, Module child)
    {
        AddModule(name, child);
        return this;
    }
}
