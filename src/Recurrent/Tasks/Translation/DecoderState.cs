using Recurrent.Autograd;

namespace Recurrent.Tasks.Translation;

/// <summary>
/// What a <see cref="TranslationModel"/>'s decoder carries from one target step to the next, for N rows (sentences, or the
/// hypotheses of a beam): every layer's state s, the LSTM cell states, and with Luong attention the attentional vector h̃
/// fed into the next step's input (input feeding).
/// </summary>
/// <param name="Hidden">s of layers 0 … L − 1 [L, N, D_s], as a recurrent layer takes and gives h.</param>
/// <param name="Cell">the LSTM cell states [L, N, D_s]; null for other cells.</param>
/// <param name="Fed">h̃ of the previous step [N, D_s] with Luong attention (zeros before the first); null otherwise.</param>
/// <param name="Top">s of the top layer [N, D_s], which attention reads.</param>
public sealed record DecoderState(Variable Hidden, Variable? Cell, Variable? Fed, Variable Top)
{
    /// <summary>N.</summary>
    public int Rows => Top.Dim(0);

    /// <summary>The state of the first <paramref name="rows"/> rows, on the tape: teacher forcing drops the pairs whose target has ended.</summary>
    public DecoderState Take(int rows) => new(Ops.Slice(Hidden, 1, 0, rows), Cell is null ? null : Ops.Slice(Cell, 1, 0, rows),
        Fed is null ? null : Ops.Slice(Fed, 0, 0, rows), Ops.Slice(Top, 0, 0, rows));
}
