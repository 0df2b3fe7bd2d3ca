using System.CommandLine;
using Recurrent.Recurrence;

namespace Recurrent.Cli.Training;

/// <summary>
/// The flags that shape the recurrent layers, for every command that builds them: --layers, --hidden, --dropout, the weight
/// initialisation (--init, --recurrent-init, --forget-bias-one); where a task reads a whole sequence before deciding,
/// --bidirectional and --merge; where every path of the task runs the cells through the layer, the Elman --nonlinearity.
/// </summary>
internal sealed class NetworkFlags
{
    /// <param name="layers">the default of --layers.</param>
    /// <param name="hidden">the default of --hidden.</param>
    /// <param name="dropoutPlaces">where --dropout applies, for its help.</param>
    /// <param name="dropout">the default of --dropout.</param>
    public NetworkFlags(int layers, int hidden, string dropoutPlaces, float dropout = 0f)
    {
        Layers = new Option<int>("--layers") { HelpName = "N", Description = "Stacked recurrent layers.", DefaultValueFactory = _ => layers }.AtLeast(1);
        Hidden = new Option<int>("--hidden")
        {
            HelpName = "N", Description = "Hidden units per layer and direction.", DefaultValueFactory = _ => hidden,
        }.AtLeast(1);
        Dropout = new Option<float>("--dropout")
        {
            HelpName = "X", Description = $"Dropout {dropoutPlaces}.", DefaultValueFactory = _ => dropout,
        }.InHalfOpenRange(0, 1);
    }

    public Option<int> Layers { get; }

    public Option<int> Hidden { get; }

    public Option<float> Dropout { get; }

    public Option<WeightInit?> Init { get; } = EnumFlag.Create<WeightInit>("--init",
        "Initial input weights (W_ih), and recurrent weights (W_hh) unless --recurrent-init: PyTorch's uniform, Glorot/Xavier uniform, " +
        "or orthonormal rows per gate.", WeightInit.PyTorchUniform);

    public Option<WeightInit?> RecurrentInit { get; } = EnumFlag.Create<WeightInit>("--recurrent-init",
        "Initial recurrent weights (W_hh) when they differ from --init; Keras uses --init xavier-uniform --recurrent-init orthogonal.");

    public Option<bool> ForgetBiasOne { get; } = new("--forget-bias-one")
    {
        Description = "LSTM: start the forget gate's bias at 1, so the cell remembers from the first step (Jozefowicz et al. 2015).",
    };

    public Option<bool> Bidirectional { get; } = new("--bidirectional")
    {
        Description = "Read the text in both directions.",
    };

    public Option<MergeMode?> Merge { get; } = EnumFlag.Create<MergeMode>("--merge",
        "With --bidirectional: how the two directions' outputs join, for pooling and between layers (concat doubles the width).", Recurrence.MergeMode.Concat);

    public Option<Nonlinearity?> Nonlinearity { get; } = EnumFlag.Create<Nonlinearity>("--nonlinearity",
        "The activation of the Elman (rnn) and Jordan cells' hidden layer.", Recurrence.Nonlinearity.Tanh);

    /// <summary>
    /// Adds the flags; <paramref name="directions"/>: also --bidirectional and --merge; <paramref name="nonlinearity"/>: also --nonlinearity.
    /// </summary>
    public void AddTo(Command command, bool directions, bool nonlinearity)
    {
        foreach (var option in new Option[] { Layers, Hidden, Dropout, Init, RecurrentInit, ForgetBiasOne })
            command.Options.Add(option);
        if (directions)
        {
            command.Options.Add(Bidirectional);
            command.Options.Add(Merge);
        }
        if (nonlinearity) command.Options.Add(Nonlinearity);
    }

    /// <summary>The recurrent weights' initialisation: --recurrent-init, else --init.</summary>
    public WeightInit RecurrentWeightInit(ParseResult parse) => parse.GetValue(RecurrentInit) ?? InputWeightInit(parse);

    /// <summary>The input weights' initialisation: --init, else PyTorch's.</summary>
    public WeightInit InputWeightInit(ParseResult parse) => parse.GetValue(Init) ?? WeightInit.PyTorchUniform;

    /// <summary>How a bidirectional encoder's directions join: --merge, else concatenation.</summary>
    public MergeMode Merging(ParseResult parse) => parse.GetValue(Merge) ?? Recurrence.MergeMode.Concat;

    /// <summary>The Elman and Jordan cells' activation: --nonlinearity, else tanh.</summary>
    public Nonlinearity Activation(ParseResult parse) => parse.GetValue(Nonlinearity) ?? Recurrence.Nonlinearity.Tanh;

    /// <summary>Refuses the flags that do not fit <paramref name="cell"/>, naming them.</summary>
    public void CheckFits(ParseResult parse, CellKind cell, bool bidirectional)
    {
        if (parse.GetValue(ForgetBiasOne) && cell is not (CellKind.Lstm or CellKind.LstmPeephole))
            throw new UsageException($"--forget-bias-one sets the LSTM's forget-gate bias; the model here is {CellNames.Of(cell)}, which has no forget gate.");
        if (parse.GetValue(Merge) is not null && !bidirectional)
            throw new UsageException("--merge joins the two directions of a bidirectional encoder: add --bidirectional (or drop --merge).");
        if (parse.GetValue(Nonlinearity) is not null && !CellNames.IsElman(cell) && cell != CellKind.Jordan)
            throw new UsageException($"--nonlinearity sets the activation of the Elman (rnn) and Jordan cells; {CellNames.Of(cell)} has its own gates.");
    }
}
