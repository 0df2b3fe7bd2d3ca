using Recurrent.Autograd;
using Recurrent.Recurrence;
using Recurrent.Tensors;
using Recurrent.Training;

namespace Recurrent.Interpretation;

/// <summary>
/// Gradient clipping on an exploding case: a ReLU Elman layer with ρ(W_hh) &gt; 1 trained by plain SGD on
/// L = ½(R·h_T)², once with the global gradient norm clipped at <see cref="ClippingOptions.MaxNorm"/> and once without.
/// Clipping caps every update at learning rate · max norm however large the backpropagated gradient is.
/// </summary>
public static class ClippingExperiment
{
    public static ClippingResult Run(ClippingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var clipped = NewLayer(options, out var input, out var readout);
        var unclipped = NewLayer(options, out _, out _);
        double radius = GradientFlow.RecurrentSpectra(clipped)[0].SpectralRadius;
        return new ClippingResult(options, radius, Train(clipped, input, readout, options, clip: true),
            Train(unclipped, input, readout, options, clip: false));
    }

    /// <summary>The layer, input [1, T, I] and readout [H] of the options' seed, W_hh rescaled to the options' ρ.</summary>
    private static RecurrentLayer NewLayer(ClippingOptions options, out Tensor input, out Tensor readout)
    {
        var rng = new Rng(options.Seed);
        var layer = new RecurrentLayer(new RecurrentOptions
        {
            Cell = CellKind.Elman,
            Nonlinearity = Nonlinearity.Relu,
            InputSize = options.InputSize,
            HiddenSize = options.HiddenSize,
        }, rng.Fork());
        GradientFlow.ScaleRecurrentBlocks(layer, options.RecurrentSpectralRadius);
        input = new Tensor(1, options.Length, options.InputSize);
        rng.FillNormal(input.Span);
        readout = new Tensor(1, 1, options.HiddenSize); // the shape of h_T
        rng.FillNormal(readout.Span);
        return layer;
    }

    private static List<ClippingStep> Train(RecurrentLayer layer, Tensor input, Tensor readout, ClippingOptions options, bool clip)
    {
        var parameters = layer.Parameters();
        var optimizer = new Sgd(parameters, new SgdOptions { LearningRate = options.LearningRate });
        var steps = new List<ClippingStep>();
        for (int step = 1; step <= options.Steps; step++)
        {
            optimizer.ZeroGrad();
            double loss;
            using (new Tape())
            {
                var prediction = Ops.Dot(layer.Forward(new Variable(input)).HiddenState, readout); // R·h_T
                var lossVariable = Ops.Scale(Ops.Mul(prediction, prediction), 0.5f);
                lossVariable.Backward();
                loss = lossVariable.Value.Data[0];
            }
            double gradientNorm = clip
                ? GradientClipping.ClipByGlobalNorm(parameters, options.MaxNorm)
                : GlobalNorm(parameters.Select(p => p.Grad));
            if (!double.IsFinite(loss) || !double.IsFinite(gradientNorm)) break;
            double appliedNorm = clip ? GlobalNorm(parameters.Select(p => p.Grad)) : gradientNorm;
            var before = parameters.Select(p => p.Value.Clone()).ToList();
            optimizer.Step();
            double updateNorm = GlobalNorm(parameters.Zip(before, (p, old) => Difference(p.Value, old)));
            steps.Add(new ClippingStep(step, loss, gradientNorm, appliedNorm, updateNorm));
        }
        return steps;
    }

    private static Tensor Difference(Tensor after, Tensor before)
    {
        var difference = after.Clone();
        for (int i = 0; i < difference.Size; i++) difference.Data[i] -= before.Data[i];
        return difference;
    }

    /// <summary>√Σ x² over all the tensors, in double; null tensors (no gradient) count as zero.</summary>
    private static double GlobalNorm(IEnumerable<Tensor?> tensors)
    {
        double sum = 0;
        foreach (var tensor in tensors)
            if (tensor is not null)
                foreach (float x in tensor.ReadOnlySpan) sum += (double)x * x;
        return Math.Sqrt(sum);
    }
}
