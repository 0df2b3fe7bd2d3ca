using Recurrent.Recurrence;

namespace Recurrent.Diagnostics;

/// <summary>
/// One benchmark configuration, the same as ../shared/bench/torch_rnn_bench.py (train, infer) or charlm_latency.py (generate)
/// measures for PyTorch. For <see cref="BenchMode.Generate"/>: <see cref="Input"/> is the embedding size, <see cref="Steps"/>
/// the characters generated per timed run, <see cref="Vocabulary"/> the symbols.
/// </summary>
public sealed record BenchSetting(CellKind Cell, BenchMode Mode, int Batch, int Steps, int Input, int Hidden, int Layers, bool Bidirectional,
    int Vocabulary = 65)
{
    public int Directions => Bidirectional ? 2 : 1;

    public int GateCount => RecurrentCells.Of(Cell).GateCount;

    /// <summary>Tokens (batch × steps) one timed run processes.</summary>
    public long Tokens => (long)Batch * Steps;

    /// <summary>
    /// The standard FLOP count of one timed run (GEMMs only): forward 2·G·H·(I_l + H) per token, layer and direction,
    /// I_l = I for layer 0 and H·D above it; training 3× forward; generation adds the output layer 2·H·V per character.
    /// </summary>
    public double Flops
    {
        get
        {
            double perToken = 0;
            for (int l = 0; l < Layers; l++)
            {
                int inputSize = l == 0 ? Input : Hidden * Directions;
                perToken += Directions * 2.0 * GateCount * Hidden * (inputSize + Hidden);
            }
            if (Mode == BenchMode.Generate) perToken += 2.0 * Hidden * Vocabulary;
            return perToken * Tokens * (Mode == BenchMode.Train ? 3 : 1);
        }
    }

    public override string ToString() => Mode == BenchMode.Generate
        ? $"generate {RecurrentCells.NameOf(Cell)} E={Input} H={Hidden} L={Layers} V={Vocabulary} batch 1"
        : $"{Mode.ToString().ToLowerInvariant()} {RecurrentCells.NameOf(Cell)} B={Batch} T={Steps} I={Input} " +
            $"H={Hidden} L={Layers} {(Bidirectional ? "bi" : "uni")}";
}
