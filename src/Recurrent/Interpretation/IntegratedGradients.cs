using System.Numerics.Tensors;
using Recurrent.Autograd;
using Recurrent.Layers;
using Recurrent.Tasks.Classification;
using Recurrent.Text;

namespace Recurrent.Interpretation;

/// <summary>
/// Integrated gradients (Sundararajan et al., 2017) of a <see cref="TextClassifier"/> at its embedding layer, as Captum's
/// LayerIntegratedGradients computes them on the embedding: for the text's token vectors x [T, E] and a baseline x',
/// attribution(t) = Σₑ (x − x')ₜₑ · Σᵢ wᵢ ∂F/∂xₜₑ (x' + αᵢ(x − x')), with the points and weights of
/// <see cref="IntegrationPoints"/>. F is the model's probability of the target label (the softmax output), not its logit.
/// All path points of one explanation go through the network as batched forward and backward passes, one row per point.
/// <para>
/// The network runs in evaluation mode (no dropout). Each backward pass also reaches the network's parameters, whose
/// gradients are cleared (<see cref="Module.ZeroGrad"/>) after every pass: do not explain in the middle of a training step,
/// nor on several threads with one network at once.
/// </para>
/// <para>
/// Max pooling, ReLU layers and saturated probabilities make F change abruptly along the path, and then every rule needs
/// more steps for the same completeness delta; <see cref="Explanation.Warning"/> says when it is over the tolerance.
/// </para>
/// </summary>
public sealed class IntegratedGradients
{
    /// <summary>
    /// An explanation warns only when |δ| is also above this: at float precision, Σ attributions and F(x) − F(x') agree to about
    /// 1e-6, so a text whose prediction barely moves from the baseline would otherwise warn about rounding.
    /// </summary>
    public const double AbsoluteDeltaFloor = 1e-5;

    private readonly TextClassifier network;
    private readonly IReadOnlyList<string> labels;
    private readonly int? target;
    private readonly double[] alphas, weights;

    /// <param name="network">the classifier to explain.</param>
    /// <param name="labels">the classifier's labels, by class index (as <see cref="TextClassificationModel.Labels"/>).</param>
    /// <param name="options">validated here; defaults when null.</param>
    /// <exception cref="ArgumentException">The options are invalid, the labels do not match the classes, or the target label is unknown.</exception>
    public IntegratedGradients(TextClassifier network, IReadOnlyList<string> labels, IntegratedGradientsOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(labels);
        options ??= new IntegratedGradientsOptions();
        options.Validate();
        if (labels.Count != network.Options.ClassCount)
            throw new ArgumentException($"The classifier has {network.Options.ClassCount} classes but {labels.Count} labels were given.",
                nameof(labels));
        if (options.Target is { } label)
        {
            int index = labels.ToList().IndexOf(label);
            if (index < 0)
                throw new ArgumentException($"{nameof(IntegratedGradientsOptions)}.{nameof(options.Target)} '{label}' is not a label " +
                    $"of this classifier; its labels are {string.Join(", ", labels)}.", nameof(options));
            target = index;
        }
        this.network = network;
        this.labels = labels;
        Options = options;
        (alphas, weights) = IntegrationPoints.For(options.Rule, options.Steps);
    }

    public IntegratedGradientsOptions Options { get; }

    /// <summary>Explains the classification of <paramref name="tokens"/>, encoded with <paramref name="vocabulary"/>.</summary>
    public Explanation Explain(IReadOnlyList<string> tokens, Vocabulary vocabulary) => Explain(tokens, vocabulary.Encode(tokens));

    /// <summary>Explains the classification of one text: <paramref name="tokenIds"/> [T], with <paramref name="tokens"/> their text.</summary>
    /// <exception cref="ArgumentException">The text is empty or the tokens and ids differ in number.</exception>
    public Explanation Explain(IReadOnlyList<string> tokens, int[] tokenIds)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        ArgumentNullException.ThrowIfNull(tokenIds);
        if (tokenIds.Length == 0) throw new ArgumentException("There is nothing to explain in an empty text: give at least one token.", nameof(tokenIds));
        if (tokens.Count != tokenIds.Length)
            throw new ArgumentException($"{tokens.Count} tokens were given with {tokenIds.Length} ids; give one id per token.", nameof(tokenIds));

        using var evaluating = Module.Evaluating();
        int length = tokenIds.Length;
        Tensor input, baseline; // [1, T, E]
        using (Tape.NoGrad())
        {
            input = network.Embed(tokenIds, 1, length).Value;
            baseline = Baseline(length, input.Shape);
        }
        var inputProbabilities = Probabilities(input, length);
        int predictedClass = TensorPrimitives.IndexOfMax(inputProbabilities), targetClass = target ?? predictedClass;
        double inputScore = inputProbabilities[targetClass], baselineScore = Probabilities(baseline, length)[targetClass];

        var averageGradient = AverageGradient(input.ReadOnlySpan, baseline.ReadOnlySpan, input.Shape, targetClass); // [T·E]
        int width = input.Dim(2);
        var attributions = new double[length];
        for (int t = 0; t < length; t++)
            for (int e = 0; e < width; e++)
            {
                int j = t * width + e;
                attributions[t] += ((double)input.Data[j] - baseline.Data[j]) * averageGradient[j];
            }

        double change = inputScore - baselineScore, delta = attributions.Sum() - change;
        bool exceeds = Math.Abs(delta) > Options.Tolerance * Math.Abs(change) && Math.Abs(delta) > AbsoluteDeltaFloor;
        return new Explanation
        {
            Tokens = tokens.ToArray(), Attributions = attributions, PredictedLabel = labels[predictedClass],
            PredictedProbability = inputProbabilities[predictedClass], TargetLabel = labels[targetClass], TargetClass = targetClass,
            InputScore = inputScore, BaselineScore = baselineScore, Delta = delta, Steps = Options.Steps, Baseline = Options.Baseline,
            Rule = Options.Rule, ExceedsTolerance = exceeds, Warning = exceeds ? Warning(delta, change) : null,
        };
    }

    /// <summary>x' [1, T, E]: the baseline tokens' vectors, or zeros.</summary>
    private Tensor Baseline(int length, int[] shape) => Options.Baseline switch
    {
        BaselineKind.Zero => new Tensor(shape),
        BaselineKind.Unknown => network.Embed(Enumerable.Repeat(Vocabulary.UnknownIndex, length).ToArray(), 1, length).Value,
        _ => network.Embed(Enumerable.Repeat(Vocabulary.PadIndex, length).ToArray(), 1, length).Value,
    };

    /// <summary>The class probabilities [C] for one text's token vectors [1, T, E].</summary>
    private float[] Probabilities(Tensor embedded, int length)
    {
        using (Tape.NoGrad())
            return Ops.Softmax(network.ForwardEmbedded(new Variable(embedded), [length])).Value.ReadOnlySpan.ToArray();
    }

    /// <summary>
    /// Σᵢ wᵢ ∂F/∂x at x' + αᵢ(x − x') [T·E], in double: the path points go through the network <see cref="IntegratedGradientsOptions.BatchSize"/>
    /// at a time as the rows of a batch [rows, T, E]; the rows are independent, so ∂(Σ_rows F)/∂row is each point's gradient.
    /// </summary>
    private double[] AverageGradient(ReadOnlySpan<float> input, ReadOnlySpan<float> baseline, int[] shape, int targetClass)
    {
        int length = shape[1], size = input.Length;
        var sum = new double[size];
        for (int start = 0; start < alphas.Length; start += Options.BatchSize)
        {
            int rows = Math.Min(Options.BatchSize, alphas.Length - start);
            var points = new Tensor(rows, length, shape[2]);
            for (int r = 0; r < rows; r++)
            {
                double alpha = alphas[start + r];
                var row = points.Span.Slice(r * size, size);
                for (int j = 0; j < size; j++) row[j] = (float)(baseline[j] + alpha * ((double)input[j] - baseline[j]));
            }
            var pathPoints = new Variable(points, requiresGrad: true);
            using (new Tape())
            {
                var logits = network.ForwardEmbedded(pathPoints, Enumerable.Repeat(length, rows).ToArray()); // [rows, C]
                Ops.Sum(Ops.Select(Ops.Softmax(logits), 1, targetClass)).Backward();
            }
            network.ZeroGrad();
            var gradients = pathPoints.Grad!.ReadOnlySpan; // [rows, T, E]
            for (int r = 0; r < rows; r++)
            {
                double weight = weights[start + r];
                var gradient = gradients.Slice(r * size, size);
                for (int j = 0; j < size; j++) sum[j] += weight * gradient[j];
            }
        }
        return sum;
    }

    private string Warning(double delta, double change) =>
        $"The completeness delta {delta:G3} is more than {Options.Tolerance:P1} of F(x) − F(x') = {change:G3}: the integral is " +
        $"approximated too coarsely; raise {nameof(IntegratedGradientsOptions)}.{nameof(IntegratedGradientsOptions.Steps)} " +
        $"(now {Options.Steps}) or use {nameof(IntegrationRule.GaussLegendre)}.";
}
