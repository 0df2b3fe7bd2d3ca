using Recurrent.Autograd;
using Recurrent.Recurrence;

namespace Recurrent.Tests.Recurrence;

/// <summary>Random inputs, initial states and loss weights for a <see cref="RecurrentLayer"/>, from a fixed seed.</summary>
internal sealed class RecurrentFixture
{
    public RecurrentFixture(RecurrentOptions options, int batch, int steps, int[]? lengths, bool withInitialState, ulong seed = 7)
    {
        var rng = new Rng(seed);
        Layer = new RecurrentLayer(options, rng.Fork());
        int states = options.NumLayers * options.NumDirections;
        Lengths = lengths;
        Input = new Variable(Random(rng, 1f, options.BatchFirst ? [batch, steps, options.InputSize] : [steps, batch, options.InputSize]), requiresGrad: true, "input");
        if (withInitialState)
        {
            H0 = new Variable(Random(rng, 0.5f, states, batch, options.HiddenSize), requiresGrad: true, "h0");
            if (RecurrentCells.Of(options.Cell).HasCellState) C0 = new Variable(Random(rng, 0.5f, states, batch, options.HiddenSize), requiresGrad: true, "c0");
        }
        LossOutput = Random(rng, 1f, options.BatchFirst ? [batch, steps, options.OutputSize] : [steps, batch, options.OutputSize]);
        LossHidden = Random(rng, 1f, states, batch, options.HiddenSize);
        LossCell = Random(rng, 1f, states, batch, options.HiddenSize);
    }

    public RecurrentLayer Layer { get; }
    public Variable Input { get; }
    public int[]? Lengths { get; }
    public Variable? H0 { get; }
    public Variable? C0 { get; }
    public Tensor LossOutput { get; }
    public Tensor LossHidden { get; }
    public Tensor LossCell { get; }

    /// <summary>Input, h0, c0 (when present) and every parameter: all that receives a gradient.</summary>
    public IReadOnlyList<Variable> Differentiable()
    {
        var list = new List<Variable> { Input };
        if (H0 is not null) list.Add(H0);
        if (C0 is not null) list.Add(C0);
        list.AddRange(Layer.Parameters());
        return list;
    }

    public RecurrentResult Run(bool fused) =>
        fused ? Layer.Forward(Input, Lengths, H0, C0) : Layer.ForwardReference(Input, Lengths, H0, C0);

    /// <summary>loss = Σ output ⊙ R_out + Σ h_n ⊙ R_h (+ Σ c_n ⊙ R_c).</summary>
    public Variable Loss(RecurrentResult result)
    {
        var loss = Ops.Add(Ops.Dot(result.Output, LossOutput), Ops.Dot(result.HiddenState, LossHidden));
        return result.CellState is null ? loss : Ops.Add(loss, Ops.Dot(result.CellState, LossCell));
    }

    /// <summary>Runs one path on a fresh tape, back-propagates the loss and returns the result (gradients left in the variables).</summary>
    public RecurrentResult RunWithGradients(bool fused)
    {
        foreach (var v in Differentiable()) v.ZeroGrad();
        using var tape = new Tape();
        var result = Run(fused);
        Loss(result).Backward();
        return result;
    }

    public static Tensor Random(Rng rng, float scale, params int[] shape)
    {
        var t = new Tensor(shape);
        rng.FillNormal(t.Span, 0f, scale);
        return t;
    }
}
