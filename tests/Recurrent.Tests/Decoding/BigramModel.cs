using Recurrent.Decoding;

namespace Recurrent.Tests.Decoding;

/// <summary>A hand-built model whose next-token scores depend on the last token only: logits[last, next]. Counts its steps.</summary>
internal sealed class BigramModel(float[,] logits) : INextTokenModel
{
    private readonly float[,] table = logits;

    public int VocabularySize => table.GetLength(1);

    public int Steps { get; private set; }

    /// <summary>Log-probabilities as scores: row p of <paramref name="probabilities"/> is P(next | last = p).</summary>
    public static BigramModel FromProbabilities(float[,] probabilities)
    {
        var scores = new float[probabilities.GetLength(0), probabilities.GetLength(1)];
        for (int i = 0; i < scores.GetLength(0); i++)
            for (int j = 0; j < scores.GetLength(1); j++) scores[i, j] = MathF.Log(probabilities[i, j]);
        return new BigramModel(scores);
    }

    /// <summary>Random scores, for comparing decoders on a model with no structure.</summary>
    public static BigramModel Random(int vocabulary, ulong seed)
    {
        var rng = new Rng(seed);
        var scores = new float[vocabulary, vocabulary];
        for (int i = 0; i < vocabulary; i++)
            for (int j = 0; j < vocabulary; j++) scores[i, j] = 3f * rng.Normal();
        return new BigramModel(scores);
    }

    public INextTokenState Begin(int rows) => new State(this, rows);

    private sealed class State(BigramModel model, int rows) : INextTokenState
    {
        private int[] last = new int[rows];

        public int Rows => last.Length;

        public void Step(ReadOnlySpan<int> tokens, Span<float> scores)
        {
            model.Steps++;
            int v = model.VocabularySize;
            for (int r = 0; r < Rows; r++)
            {
                last[r] = tokens[r];
                for (int j = 0; j < v; j++) scores[r * v + j] = model.table[tokens[r], j];
            }
        }

        public void Reorder(ReadOnlySpan<int> sources)
        {
            var reordered = new int[sources.Length];
            for (int r = 0; r < sources.Length; r++) reordered[r] = last[sources[r]];
            last = reordered;
        }
    }
}
