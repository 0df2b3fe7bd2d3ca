using Recurrent.Autograd;

namespace Recurrent.Tasks.Translation;

/// <summary>
/// What a <see cref="TranslationModel"/>'s decoder carries from one target step to the next, for N rows (sentences, or the
/// hypotheses of a beam): each layer's state s [N, D_s], its cell state [N, D_s] for LSTM, and with Luong attention the
/// attentional vector h̃ [N, D_s] fed into the next step's input (input feeding).
/// </summary>
/// <param name="Hidden">s of layers 0 … L − 1, each [N, D_s]; the last is the top layer, which attention reads.</param>
/// <param name="Cell">the LSTM cell states of layers 0 … L − 1, each [N, D_s]; null for other cells.</param>
/// <param name="Fed">h̃ of the previous step [N, D_s] with Luong attention (zeros before the first); null otherwise.</param>
public sealed record DecoderState(IReadOnlyList<Variable> Hidden, IReadOnlyList<Variable>? Cell, Variable? Fed)
{
    /// <summary>s of the top layer [N, D_s].</summary>
    public Variable Top => Hidden[^1];

    /// <summary>N.</summary>
    public int Rows => Hidden[0].Dim(0);

    /// <summary>The state of rows <paramref name="rows"/> (repeats allowed), detached: beam search keeps, copies and drops hypotheses.</summary>
    public DecoderState Gather(ReadOnlySpan<int> rows)
    {
        var picked = rows.ToArray();
        return new DecoderState(
            Hidden.Select(h => GatherRows(h, picked)).ToArray(),
            Cell?.Select(c => GatherRows(c, picked)).ToArray(),
            Fed is null ? null : GatherRows(Fed, picked));
    }

    private static Variable GatherRows(Variable x, int[] rows)
    {
        int width = x.Dim(1);
        var result = new Tensor(rows.Length, width);
        var source = x.Value.ReadOnlySpan;
        for (int r = 0; r < rows.Length; r++) source.Slice(rows[r] * width, width).CopyTo(result.Span.Slice(r * width, width));
        return new Variable(result);
    }
}
