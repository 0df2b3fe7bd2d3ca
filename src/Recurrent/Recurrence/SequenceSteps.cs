using System.Numerics.Tensors;
using Recurrent.Autograd;
using Recurrent.Tensors;

namespace Recurrent.Recurrence;

/// <summary>
/// The step loops every fused kernel shares, forward and BPTT: the order of the steps, the state slots, the recurrent
/// product of each step, padded rows passing their state (or its gradient) through, and the chains of rows stepped on
/// all cores (see <see cref="RowChains"/>). The row work that is each cell's own comes in as a struct
/// (<see cref="IForwardRows"/>, <see cref="IBackwardRows"/>): a generic over a struct is compiled once per cell, so its
/// calls are direct and the kernels run as fast as when each wrote out its own loop.
/// </summary>
internal static class SequenceSteps
{
    /// <summary>
    /// The forward steps: h0 [B, H] is copied into the initial slot of <paramref name="states"/>, each step t multiplies
    /// h_{t−1} [rows, H] by <paramref name="recurrentWeight"/> (W_hhᵀ [H, width], packed) into the step scratch
    /// [B, width], then hands each row to <paramref name="rows"/>; h_n goes into the first [B, H] of
    /// <paramref name="finals"/>. <paramref name="states"/> holds [T+1, B, H] in slot order when <paramref name="record"/>,
    /// else two slots (step t reads slot s and writes slot s ± 1, see <see cref="SequenceBatch"/>), taken modulo 2.
    /// </summary>
    public static void Forward<TRows>(CellWeights w, SequenceBatch seq, bool record, Variable h0, float[] states, PackedMatrix recurrentWeight,
        SequenceOutput output, Tensor finals, TRows rows) where TRows : struct, IForwardRows
    {
        int batch = seq.Batch, hidden = w.HiddenSize, width = recurrentWeight.Columns, stateSize = batch * hidden, slotMask = record ? -1 : 1;
        var recurrent = Buffers.Rent(batch * width); // [B, width] h_{t−1} · W_hhᵀ
        h0.Value.ReadOnlySpan.CopyTo(states.AsSpan((seq.InitialSlot & slotMask) * stateSize, stateSize));

        // Batch rows are independent through the whole sequence: chains of rows are stepped on all cores (see RowChains).
        RowChains.Run(batch, seq.Steps, w.RecurrentWeight.Value.Size, (first, end, s) =>
        {
            int t = seq.TimeAt(s), previous = (seq.PreviousSlot(t) & slotMask) * stateSize, current = (seq.StateSlot(t) & slotMask) * stateSize;
            var (from, to) = seq.ActiveRows(t, first, end);
            // Padded rows read no product: theirs are zero, so that a cell's whole-chain work sees numbers.
            recurrent.AsSpan(first * width, (from - first) * width).Clear();
            recurrent.AsSpan(Math.Max(from, to) * width, (end - Math.Max(from, to)) * width).Clear();
            if (to > from)
                Gemm.Multiply(false, to - from, 1f, states.AsSpan(previous + from * hidden, (to - from) * hidden), hidden, recurrentWeight,
                    0f, recurrent.AsSpan(from * width, (to - from) * width), width);
            rows.Prepare(t, first, end, previous, recurrent);
            for (int b = first; b < end; b++)
            {
                int row = b * hidden;
                var hPrev = states.AsSpan(previous + row, hidden);
                var h = states.AsSpan(current + row, hidden);
                var outputRow = output.Row(t * batch + b, hidden);
                if (seq.IsActive(t, b))
                {
                    rows.Active(t, b, previous + row, current + row, recurrent.AsSpan(b * width, width), hPrev, h, outputRow);
                    continue;
                }
                hPrev.CopyTo(h);
                outputRow.Clear();
                rows.Padded(t, b, previous + row, current + row);
            }
        });
        states.AsSpan((seq.FinalSlot & slotMask) * stateSize, stateSize).CopyTo(finals.Data.AsSpan(0, stateSize));
        Buffers.Return(recurrent);
    }

    /// <summary>
    /// The BPTT steps, in reverse: dh [B, H] starts at ∂L/∂h_n (the first [B, H] of <paramref name="finalGradient"/>); each
    /// step hands each row to <paramref name="rows"/>, then multiplies the recurrent-side gate gradients
    /// (<paramref name="recurrentGradients"/> [T, B, width], the first <paramref name="recurrentWeight"/>.Rows columns of
    /// each row) by W_hh (packed) and, for active rows, sets dh to the product or, with a <paramref name="directPath"/>
    /// h_{t−1} → h_t left in dh by the row work (GRU), adds it. Padded rows carry dh over. dh ends as ∂L/∂h0.
    /// </summary>
    public static void Backward<TRows>(CellWeights w, SequenceBatch seq, SequenceOutput gradient, float[] finalGradient, Variable h0,
        PackedMatrix recurrentWeight, float[] recurrentGradients, int width, bool directPath, TRows rows) where TRows : struct, IBackwardRows
    {
        int steps = seq.Steps, batch = seq.Batch, hidden = w.HiddenSize, stateSize = batch * hidden, columns = recurrentWeight.Rows;
        var dh = Buffers.Rent(stateSize);          // [B, H] running ∂L/∂h_t
        var dhRecurrent = Buffers.Rent(stateSize); // [B, H] dG_t · W_hh
        finalGradient.AsSpan(0, stateSize).CopyTo(dh);

        RowChains.Run(batch, steps, w.RecurrentWeight.Value.Size, (first, end, step) =>
        {
            int s = steps - 1 - step; // BPTT runs the steps in reverse
            int t = seq.TimeAt(s), previous = seq.PreviousSlot(t) * stateSize, current = seq.StateSlot(t) * stateSize;
            for (int b = first; b < end; b++)
            {
                int row = b * hidden;
                if (seq.IsActive(t, b)) rows.Active(t, b, previous + row, current + row, dh.AsSpan(row, hidden), gradient.Row(t * batch + b, hidden));
                else rows.Padded(t, b); // the state passed through unchanged: dh carries over
            }
            rows.Prepare(t, first, end, previous, dh);
            var (from, to) = seq.ActiveRows(t, first, end); // padded rows carry dh over and read no product
            if (to > from)
                Gemm.Multiply(false, to - from, 1f, recurrentGradients.AsSpan((t * batch + from) * width, (to - from - 1) * width + columns), width,
                    recurrentWeight, 0f, dhRecurrent.AsSpan(from * hidden, (to - from) * hidden), hidden);
            for (int b = first; b < end; b++)
            {
                if (!seq.IsActive(t, b)) continue;
                var dhRow = dh.AsSpan(b * hidden, hidden);
                if (directPath) TensorPrimitives.Add(dhRow, dhRecurrent.AsSpan(b * hidden, hidden), dhRow); // ∂L/∂h_{t−1} += dG_t · W_hh
                else dhRecurrent.AsSpan(b * hidden, hidden).CopyTo(dhRow);                              // ∂L/∂h_{t−1} = dG_t · W_hh
            }
        });
        SequenceBatch.AccumulateStateGradient(h0, dh.AsSpan(0, stateSize));
        Buffers.Return(dh, dhRecurrent);
    }

    /// <summary>
    /// The end of a forward pass: with no BPTT to come, gives <paramref name="caches"/> back to the pool and returns null;
    /// otherwise leases them to the returned BPTT, which runs <paramref name="backward"/>(∂L/∂outputs in
    /// <paramref name="output"/>'s layout, ∂L/∂finals, the caches) once and then gives them back.
    /// </summary>
    public static Action<float[], float[]>? Keep(bool record, string kernel, SequenceOutput output,
        Action<SequenceOutput, float[], float[][]> backward, params float[][] caches)
    {
        if (!record)
        {
            Buffers.Return(caches);
            return null;
        }
        var lease = new Buffers.Lease(caches);
        return (dOutputs, dFinals) =>
        {
            var taken = lease.Take(kernel);
            backward(output.Over(dOutputs), dFinals, taken);
            Buffers.Return(taken);
        };
    }
}
