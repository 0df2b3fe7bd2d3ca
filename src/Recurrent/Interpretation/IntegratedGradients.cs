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
        EmbeddingPath path;
        using (Tape.NoGrad())
        {
            var input = network.Embed(tokenIds, 1, length).Value; // [1, T, E]
            path = new EmbeddingPath(input, EmbeddingPath.Baseline(Options.Baseline, length, input.Shape, ids => network.Embed(ids, 1, length).Value), Options);
        }
        // The outputs are the classes: F_c is the softmax's column c.
        PathScores scores = (points, classes) =>
            EmbeddingPath.ColumnPerRow(Ops.Softmax(network.ForwardEmbedded(points, Enumerable.Repeat(length, classes.Length).ToArray())), classes);
        var (probabilities, baselineProbabilities) = path.Scores(Enumerable.Range(0, labels.Count).ToArray(), scores);
        int predictedClass = Array.IndexOf(probabilities, probabilities.Max()), targetClass = target ?? predictedClass;
        double inputScore = probabilities[targetClass], baselineScore = baselineProbabilities[targetClass];
        var attributions = path.Attributions(path.WeightedGradients([targetClass], scores, network)[0]);
        var (delta, exceeds) = path.Completeness(attributions, inputScore, baselineScore);
        return new Explanation
        {
            Tokens = tokens.ToArray(), Attributions = attributions, PredictedLabel = labels[predictedClass],
            PredictedProbability = probabilities[predictedClass], TargetLabel = labels[targetClass], TargetClass = targetClass,
            InputScore = inputScore, BaselineScore = baselineScore, Delta = delta, Steps = Options.Steps, Baseline = Options.Baseline,
            Rule = Options.Rule, ExceedsTolerance = exceeds, Warning = exceeds ? path.Warning(delta, inputScore - baselineScore, "") : null,
        };
    }
}
