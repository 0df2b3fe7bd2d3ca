using Recurrent.Autograd;
using Recurrent.Layers;
using Recurrent.Tasks.Forecasting;

namespace Recurrent.Tests.Forecasting;

/// <summary>A front end for tests of the seam: tanh of a linear map of each step's features, [N, T, F] → [N, T, width].</summary>
internal sealed class LinearFrontEnd : Module, IInputFrontEnd
{
    private readonly Linear map;

    public LinearFrontEnd(int features, int width, Rng rng)
    {
        InputSize = features;
        OutputSize = width;
        map = AddModule("map", new Linear(features, width, rng));
    }

    public int InputSize { get; }

    public int OutputSize { get; }

    public Variable Forward(Variable windows) => Ops.Tanh(map.Forward(windows));
}
