using Recurrent.Autograd;

namespace Recurrent.Tasks.Translation;

/// <summary>
/// What an <see cref="Attention"/> keeps of one batch of source sentences for the decoder's steps: the encoder outputs
/// (the values averaged into each context vector), their keys projected once per batch, and the source lengths.
/// Built by <see cref="Attention.PrepareKeys"/>; a decoder holds one per batch, so a module serves any number of
/// batches and threads at once.
/// </summary>
public sealed class AttentionMemory
{
    /// <summary>Projected queries and one position's energies for the tape-free step, allocated on its first call.</summary>
    private float[]? scratch;

    internal AttentionMemory(Attention owner, Variable values, Variable keys, int[] lengths, Variable? queryWeight)
    {
        Owner = owner;
        Values = values;
        Keys = keys;
        Lengths = lengths;
        QueryWeight = queryWeight;
    }

    /// <summary>Encoder outputs h [B, S, D_h].</summary>
    public Variable Values { get; }

    /// <summary>The encoder outputs as the score function reads them [B, S, K]: W₂ h_i (Bahdanau), W h_i (Luong general),
    /// the h-half of W [s; h_i] (Luong concat), or h itself (Luong dot).</summary>
    public Variable Keys { get; }

    /// <summary>Source lengths L_b [B]: positions i ≥ L_b are padding and get weight 0.</summary>
    public int[] Lengths { get; }

    /// <summary>The matrix [K, D_s] that projects a query onto the keys' space, or null when the query is used as it is.</summary>
    internal Variable? QueryWeight { get; }

    /// <summary>The module that prepared this memory, the only one that can attend over it.</summary>
    internal Attention Owner { get; }

    public int BatchSize => Values.Dim(0);

    /// <summary>S, the padded source length.</summary>
    public int SourceLength => Values.Dim(1);

    /// <summary>The memory of the first <paramref name="rows"/> sentences, on the tape (gradients reach the whole memory).</summary>
    public AttentionMemory Take(int rows)
    {
        if (rows < 1 || rows > BatchSize)
            throw new ArgumentOutOfRangeException(nameof(rows), $"AttentionMemory.Take: {rows} rows of a memory of {BatchSize} sentences.");
        return new AttentionMemory(Owner, Ops.Slice(Values, 0, 0, rows), Ops.Slice(Keys, 0, 0, rows), Lengths[..rows], QueryWeight);
    }

    /// <summary>The rows of a tape-free attention step over this memory, the same object at every step.</summary>
    internal AttentionRows Rows => rows ??= new AttentionRows();

    private AttentionRows? rows;

    /// <summary>A buffer of at least <paramref name="size"/> floats, the same one at every call.</summary>
    internal float[] Scratch(int size)
    {
        if (scratch is null || scratch.Length < size) scratch = new float[size];
        return scratch;
    }
}
