using Recurrent.Autograd;
using Recurrent.Layers;
using Recurrent.Text;

namespace Recurrent.Interpretation;

/// <summary>
/// F_o of every path row: the model's probability of output o (a class, the tag at position o, the target token at step o)
/// for each row of <paramref name="points"/> [R, T, E], row r explaining output <paramref name="outputs"/>[r]; returns [R].
/// The outputs come in runs of equal values, largest first, so a model can treat each run as one slice of the rows.
/// </summary>
internal delegate Variable PathScores(Variable points, int[] outputs);

/// <summary>
/// The straight path x' + α(x − x') from a baseline x' to an input x at an embedding layer, both [1, T, E], with the points
/// αᵢ and weights wᵢ of an <see cref="IntegrationRule"/>: what <see cref="IntegratedGradients"/>,
/// <see cref="TaggingIntegratedGradients"/> and <see cref="TranslationIntegratedGradients"/> share. A row of a batch is one
/// (output, point) pair; all the pairs of an explanation go through the network <see cref="IntegratedGradientsOptions.BatchSize"/>
/// rows at a time, as forward and backward passes whose rows are independent, so ∂(Σ_rows F)/∂row is each row's gradient.
/// </summary>
internal sealed class EmbeddingPath
{
    private readonly float[] input, baseline;   // [T·E] each
    private readonly double[] alphas, weights;
    private readonly int length, width;

    /// <param name="input">x [1, T, E].</param>
    /// <param name="baseline">x' [1, T, E].</param>
    /// <param name="options">the validated options: the rule, steps and batch size.</param>
    public EmbeddingPath(Tensor input, Tensor baseline, IntegratedGradientsOptions options)
    {
        this.input = input.ReadOnlySpan.ToArray();
        this.baseline = baseline.ReadOnlySpan.ToArray();
        (length, width) = (input.Dim(1), input.Dim(2));
        (alphas, weights) = IntegrationPoints.For(options.Rule, options.Steps);
        Options = options;
    }

    public IntegratedGradientsOptions Options { get; }

    /// <summary>
    /// x' [1, T, E] of <paramref name="kind"/>: the vectors <paramref name="embed"/> gives the pad or unknown token at every one
    /// of the T positions (ids of shape [1, T]), or zeros.
    /// </summary>
    public static Tensor Baseline(BaselineKind kind, int length, int[] shape, Func<int[], Tensor> embed) => kind switch
    {
        BaselineKind.Zero => new Tensor(shape),
        BaselineKind.Unknown => embed(Enumerable.Repeat(Vocabulary.UnknownIndex, length).ToArray()),
        _ => embed(Enumerable.Repeat(Vocabulary.PadIndex, length).ToArray()),
    };

    /// <summary>F_o(x) and F_o(x') of each output of <paramref name="outputs"/> (distinct), in its order, without a tape.</summary>
    public (double[] Input, double[] Baseline) Scores(IReadOnlyList<int> outputs, PathScores scores)
    {
        var inputScores = new double[outputs.Count];
        var baselineScores = new double[outputs.Count];
        var rows = Descending(outputs).SelectMany(n => new[] { (Index: n, Alpha: 1.0), (Index: n, Alpha: 0.0) }).ToArray();
        using (Tape.NoGrad())
            foreach (var chunk in rows.Chunk(Options.BatchSize))
            {
                var values = scores(new Variable(Points(chunk.Select(row => row.Alpha).ToArray())), chunk.Select(row => outputs[row.Index]).ToArray())
                    .Value.ReadOnlySpan;
                for (int r = 0; r < chunk.Length; r++)
                    (chunk[r].Alpha == 1 ? inputScores : baselineScores)[chunk[r].Index] = values[r];
            }
        return (inputScores, baselineScores);
    }

    /// <summary>
    /// Σᵢ wᵢ ∂F_o/∂x at x' + αᵢ(x − x') of each output of <paramref name="outputs"/> (distinct), in its order, [O][T·E] in
    /// double; the gradients that each backward pass leaves on <paramref name="network"/>'s parameters are cleared after it.
    /// </summary>
    public double[][] WeightedGradients(IReadOnlyList<int> outputs, PathScores scores, Module network)
    {
        var sums = new double[outputs.Count][];
        for (int n = 0; n < outputs.Count; n++) sums[n] = new double[input.Length];
        var rows = Descending(outputs).SelectMany(n => Enumerable.Range(0, alphas.Length).Select(i => (Index: n, Point: i))).ToArray();
        foreach (var chunk in rows.Chunk(Options.BatchSize))
        {
            var points = new Variable(Points(chunk.Select(row => alphas[row.Point]).ToArray()), requiresGrad: true);
            using (new Tape())
                Ops.Sum(scores(points, chunk.Select(row => outputs[row.Index]).ToArray())).Backward();
            network.ZeroGrad();
            var gradients = points.Grad!.ReadOnlySpan; // [R, T, E]
            for (int r = 0; r < chunk.Length; r++)
            {
                double weight = weights[chunk[r].Point];
                var gradient = gradients.Slice(r * input.Length, input.Length);
                var sum = sums[chunk[r].Index];
                for (int j = 0; j < sum.Length; j++) sum[j] += weight * gradient[j];
            }
        }
        return sums;
    }

    /// <summary>
    /// Per row r, column <paramref name="columns"/>[r] of <paramref name="scores"/> [R, K], as [R]: the columns come in runs of
    /// equal values (as <see cref="PathScores"/> gets them), each run one slice of the rows.
    /// </summary>
    public static Variable ColumnPerRow(Variable scores, int[] columns)
    {
        var parts = new List<Variable>();
        for (int first = 0, end; first < columns.Length; first = end)
        {
            for (end = first + 1; end < columns.Length && columns[end] == columns[first]; end++) { }
            parts.Add(Ops.Select(Ops.Slice(scores, 0, first, end - first), 1, columns[first]));
        }
        return parts.Count == 1 ? parts[0] : Ops.Concat(parts, axis: 0);
    }

    /// <summary>The indices of <paramref name="outputs"/> ordered by output, largest first: the order of the rows.</summary>
    private static IEnumerable<int> Descending(IReadOnlyList<int> outputs) => Enumerable.Range(0, outputs.Count).OrderByDescending(n => outputs[n]);

    /// <summary>Per token t: Σₑ (x − x')ₜₑ · <paramref name="weightedGradient"/>ₜₑ, summed over the embedding dimensions [T].</summary>
    public double[] Attributions(double[] weightedGradient)
    {
        var attributions = new double[length];
        for (int t = 0; t < length; t++)
            for (int e = 0; e < width; e++)
            {
                int j = t * width + e;
                attributions[t] += ((double)input[j] - baseline[j]) * weightedGradient[j];
            }
        return attributions;
    }

    /// <summary>
    /// The completeness check of one output: δ = Σ attributions − (F(x) − F(x')), and whether |δ| exceeds the tolerance
    /// (relative to |F(x) − F(x')|, and above <see cref="IntegratedGradients.AbsoluteDeltaFloor"/>).
    /// </summary>
    public (double Delta, bool Exceeds) Completeness(double[] attributions, double inputScore, double baselineScore)
    {
        double change = inputScore - baselineScore, delta = attributions.Sum() - change;
        return (delta, Math.Abs(delta) > Options.Tolerance * Math.Abs(change) && Math.Abs(delta) > IntegratedGradients.AbsoluteDeltaFloor);
    }

    /// <summary>The warning of a delta over the tolerance, for <paramref name="what"/> (e.g. "of tag B-PER at 'Anna'"; may be empty).</summary>
    public string Warning(double delta, double change, string what) =>
        $"The completeness delta {delta:G3}{what} is more than {Options.Tolerance:P1} of F(x) − F(x') = {change:G3}: the integral is " +
        $"approximated too coarsely; raise {nameof(IntegratedGradientsOptions)}.{nameof(IntegratedGradientsOptions.Steps)} " +
        $"(now {Options.Steps}) or use {nameof(IntegrationRule.GaussLegendre)}.";

    /// <summary>
    /// The explanation of the outputs at <paramref name="positions"/> (distinct), named <paramref name="outputs"/> and labelled
    /// <paramref name="labels"/> (<see cref="SequenceExplanation.OutputLabels"/>): each one's
    /// probabilities, attributions over the tokens and completeness delta; the warning names the output whose delta is the
    /// largest share of its F(x) − F(x') among those over the tolerance, described by <paramref name="describe"/>(o).
    /// </summary>
    public SequenceExplanation Explain(IReadOnlyList<string> tokens, IReadOnlyList<string> outputs, IReadOnlyList<string> labels, int[] positions,
        PathScores scores, Module network, Func<int, string> describe)
    {
        var (probabilities, baselineProbabilities) = Scores(positions, scores);
        var attributions = WeightedGradients(positions, scores, network).Select(Attributions).ToArray();
        var deltas = new double[positions.Length];
        int worst = -1;
        double worstShare = 0;
        for (int o = 0; o < positions.Length; o++)
        {
            (deltas[o], bool exceeds) = Completeness(attributions[o], probabilities[o], baselineProbabilities[o]);
            double share = Math.Abs(deltas[o]) / Math.Abs(probabilities[o] - baselineProbabilities[o]);
            if (exceeds && (worst < 0 || share > worstShare)) (worst, worstShare) = (o, share);
        }
        return new SequenceExplanation
        {
            Tokens = tokens.ToArray(), Outputs = outputs.ToArray(), OutputLabels = labels.ToArray(), Positions = positions, Attributions = attributions,
            Probabilities = probabilities,
            BaselineProbabilities = baselineProbabilities, Deltas = deltas, Steps = Options.Steps, Baseline = Options.Baseline, Rule = Options.Rule,
            ExceedsTolerance = worst >= 0,
            Warning = worst < 0 ? null : Warning(deltas[worst], probabilities[worst] - baselineProbabilities[worst], " " + describe(worst)),
        };
    }

    /// <summary>The rows [R, T, E]: x' + αᵣ(x − x') for each α of <paramref name="rowAlphas"/>, computed in double.</summary>
    private Tensor Points(double[] rowAlphas)
    {
        int size = input.Length;
        var points = new Tensor(rowAlphas.Length, length, width);
        for (int r = 0; r < rowAlphas.Length; r++)
        {
            double alpha = rowAlphas[r];
            var row = points.Span.Slice(r * size, size);
            for (int j = 0; j < size; j++) row[j] = (float)(baseline[j] + alpha * ((double)input[j] - baseline[j]));
        }
        return points;
    }
}
