using Recurrent.Autograd;
using Recurrent.Tensors;

namespace Recurrent.Recurrence;

/// <summary>
/// A weight packed as the right operand of one pass's products: the open tape's shared packing when it packs weights once
/// (<see cref="Tape.PackWeightsOnce"/>: a decoder stepped one token at a time packs each weight once per training step, not
/// once per token), else a packing of its own that <see cref="Dispose"/> frees. Converts to the <see cref="PackedMatrix"/> it holds.
/// </summary>
internal readonly struct PassPacking : IDisposable
{
    private readonly PackedMatrix matrix;
    private readonly bool owned;

    private PassPacking(PackedMatrix matrix, bool owned)
    {
        this.matrix = matrix;
        this.owned = owned;
    }

    /// <summary>W [rows, columns] packed as Wᵀ [columns, rows]: the right operand of x · Wᵀ.</summary>
    public static PassPacking Transposed(Tensor weight) =>
        Tape.SharedPacking(weight, transposed: true) is { } shared ? new(shared, owned: false) : new(SequenceBatch.PackTransposed(weight), owned: true);

    /// <summary>W [rows, columns] packed as it is: the right operand of dY · W.</summary>
    public static PassPacking Plain(Tensor weight) =>
        Tape.SharedPacking(weight, transposed: false) is { } shared ? new(shared, owned: false) : new(SequenceBatch.Pack(weight), owned: true);

    public static implicit operator PackedMatrix(PassPacking packing) => packing.matrix;

    public void Dispose()
    {
        if (owned) matrix.Dispose();
    }
}
