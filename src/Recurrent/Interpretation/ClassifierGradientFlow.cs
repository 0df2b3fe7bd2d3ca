using Recurrent.Autograd;
using Recurrent.Layers;
using Recurrent.Recurrence;
using Recurrent.Tasks.Classification;

namespace Recurrent.Interpretation;

/// <summary>
/// Gradient flow through time in a trained text classifier on one real text: for the states h_t of the encoder's first layer
/// (forward direction), ‖∂L/∂h_t‖ of the classifier's own loss L = −log p(target | x) taken through the whole network above
/// them (the later steps, the reverse direction and layers above, pooling, dense layers and output), so it is the gradient
/// training would backpropagate to h_t; ‖∂h_T/∂h_t‖ of that layer and direction as in <see cref="GradientFlow"/>; and the
/// spectra of its trained weight_hh_l0. The network runs in evaluation mode (no dropout) with its encoder on the reference path,
/// on a batch of H + 1 copies of the text and one backward pass: copy i's loss is h_T,i of the first layer, copy H's loss is L.
/// </summary>
/// <param name="Flow">‖∂L/∂h_t‖, ‖∂h_T/∂h_t‖ (and the Elman bound) per token, and the spectra of weight_hh_l0.</param>
/// <param name="Target">the class index of L: the one asked for, or the predicted class.</param>
/// <param name="Probability">p(target | x).</param>
/// <param name="Loss">L = −log p(target | x).</param>
public sealed record ClassifierGradientFlow(GradientFlowResult Flow, int Target, double Probability, double Loss)
{
    /// <summary>The flow in <paramref name="classifier"/> on the text <paramref name="ids"/>; its parameter gradients are left as found.</summary>
    /// <param name="classifier">a recurrent text classifier, any cell, layers, directions and pooling, with at most
    /// <see cref="GradientFlowOptions.MaxHiddenSize"/> hidden units.</param>
    /// <param name="ids">[T] the token ids of one text, T ≥ 1.</param>
    /// <param name="target">the class of L = −log p(target | x), or null for the class the classifier predicts.</param>
    /// <exception cref="ArgumentException">the text is empty, the target is not a class, or the encoder is too wide.</exception>
    public static ClassifierGradientFlow Measure(TextClassifier classifier, IReadOnlyList<int> ids, int? target = null)
    {
        ArgumentNullException.ThrowIfNull(classifier);
        ArgumentNullException.ThrowIfNull(ids);
        int steps = ids.Count, hidden = classifier.Encoder.Options.HiddenSize, classes = classifier.Options.ClassCount;
        if (steps == 0) throw new ArgumentException("ClassifierGradientFlow needs a text of at least one token id, but it has none.", nameof(ids));
        if (target is { } asked && (asked < 0 || asked >= classes))
            throw new ArgumentException($"The target class must be in [0, {classes}), but is {asked}.", nameof(target));
        if (hidden > GradientFlowOptions.MaxHiddenSize)
            throw new ArgumentException(
                $"ClassifierGradientFlow takes encoders of up to {GradientFlowOptions.MaxHiddenSize} hidden units (one backward row per unit), " +
                    $"but this one has {hidden}.",
                nameof(classifier));
        int copies = hidden + 1;
        var parameters = classifier.Parameters();
        var savedGradients = parameters.Select(p => p.Grad?.Clone()).ToList();

        using var evaluating = Module.Evaluating();
        using var tape = new Tape();
        var trace = new List<StepTrace>();
        var batchIds = Enumerable.Range(0, copies).SelectMany(_ => ids).ToArray(); // [H + 1, T]
        var logits = classifier.ForwardEmbedded(classifier.Embed(batchIds, copies, steps), Enumerable.Repeat(steps, copies).ToArray(), trace);
        var firstLayer = trace.Where(step => step.Layer == 0 && step.Direction == 0).OrderBy(step => step.Time).ToList();
        var probabilities = Softmax(logits.Value.ReadOnlySpan.Slice(hidden * classes, classes)); // of the loss copy
        int chosen = target ?? Array.IndexOf(probabilities, probabilities.Max());

        var lastStates = Ops.Sum(Ops.Mul(firstLayer[^1].Hidden, new Variable(StateSelector(hidden)))); // Σ_i h_T,i of copy i
        var loss = Ops.CrossEntropy(Ops.Slice(logits, 0, hidden, 1), [chosen]);                        // L of copy H
        Ops.Add(lastStates, loss).Backward();

        var flow = GradientFlow.FromTrace(classifier.Encoder, firstLayer, hidden);
        GradientFlow.RestoreGradients(parameters, savedGradients);
        return new ClassifierGradientFlow(flow, chosen, probabilities[chosen], loss.Value.ReadOnlySpan[0]);
    }

    /// <summary>[H + 1, H]: the identity (copy i's loss is h_T,i), then a row of zeros (the last copy's loss is L alone).</summary>
    private static Tensor StateSelector(int hidden)
    {
        var selector = new Tensor(hidden + 1, hidden);
        for (int i = 0; i < hidden; i++) selector[i, i] = 1f;
        return selector;
    }

    /// <summary>softmax of one row of logits, in double.</summary>
    private static double[] Softmax(ReadOnlySpan<float> logits)
    {
        double largest = double.NegativeInfinity;
        foreach (float logit in logits) largest = Math.Max(largest, logit);
        var exponentials = new double[logits.Length];
        for (int c = 0; c < logits.Length; c++) exponentials[c] = Math.Exp(logits[c] - largest);
        double total = exponentials.Sum();
        return exponentials.Select(e => e / total).ToArray();
    }
}
