using System.Numerics.Tensors;
using Recurrent.Tensors;

namespace Recurrent.Tasks.Translation;

/// <summary>
/// The rows of a tape-free attention step (<see cref="Attention.Attend(AttentionMemory, ReadOnlySpan{float}, Span{float}, Span{float}, ReadOnlySpan{int})"/>),
/// each query row's scores, softmax and context from its sentence's keys and values. Rows are independent (the beams of 64
/// sentences are 320 rows at every step), so they run on all cores with the same bits. One per <see cref="AttentionMemory"/>,
/// set for each step over operands the caller keeps pinned, so that a step allocates nothing.
/// </summary>
internal sealed unsafe class AttentionRows : IRangeWork
{
    private float* keys, values, queries, energy, weights, contexts; // [B, S, K], [B, S, V], [N, K], [K] or null, [N, S], [N, V]
    private int* sentences;                                          // [N] each row's sentence, or null: row r reads sentence r
    private int[] lengths = [];
    private int sourceLength, width, valueSize;

    public void Set(float* keys, float* values, float* queries, float* energy, float* weights, float* contexts, int* sentences,
        int[] lengths, int sourceLength, int width, int valueSize)
    {
        this.keys = keys;
        this.values = values;
        this.queries = queries;
        this.energy = energy;
        this.weights = weights;
        this.contexts = contexts;
        this.sentences = sentences;
        (this.lengths, this.sourceLength, this.width, this.valueSize) = (lengths, sourceLength, width, valueSize);
    }

    /// <summary>Forgets the operands, which are pinned only for the step.</summary>
    public void Clear() => Set(null, null, null, null, null, null, null, [], 0, 0, 0);

    public void Run(int start, int end)
    {
        Span<float> u = stackalloc float[width]; // tanh(q + k_i) of one position [K]
        for (int b = start; b < end; b++)
        {
            int sentence = sentences is null ? b : sentences[b];
            int length = lengths[sentence];
            var query = new ReadOnlySpan<float>(queries + (nint)b * width, width);
            var alpha = new Span<float>(weights + (nint)b * sourceLength, length);
            for (int i = 0; i < length; i++)
            {
                var key = new ReadOnlySpan<float>(keys + ((nint)sentence * sourceLength + i) * width, width);
                if (energy is null)
                    alpha[i] = TensorPrimitives.Dot(query, key);
                else
                {
                    TensorPrimitives.Add(key, query, u);
                    TensorPrimitives.Tanh(u, u);
                    alpha[i] = TensorPrimitives.Dot(new ReadOnlySpan<float>(energy, width), u);
                }
            }
            float max = TensorPrimitives.Max(alpha);
            TensorPrimitives.Subtract(alpha, max, alpha);
            TensorPrimitives.Exp(alpha, alpha);
            TensorPrimitives.Multiply(alpha, 1f / TensorPrimitives.Sum(alpha), alpha);
            var context = new Span<float>(contexts + (nint)b * valueSize, valueSize);
            for (int i = 0; i < length; i++)
                TensorPrimitives.MultiplyAdd(new ReadOnlySpan<float>(values + ((nint)sentence * sourceLength + i) * valueSize, valueSize), alpha[i],
                    context, context);
        }
    }
}
