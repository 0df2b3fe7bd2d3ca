using Recurrent.Autograd;
using Recurrent.Layers;
using Recurrent.Recurrence;
using Recurrent.Tasks.Classification;
using Recurrent.Tasks.LanguageModel;

namespace Recurrent.Interpretation;

/// <summary>
/// Gradient flow through time in a trained model on one real text, for the model's own loss L = −log p(target | text): for the
/// states h_t of its recurrent layer's first layer (forward direction), ‖∂L/∂h_t‖ taken through the whole network above them
/// (the later steps, the reverse direction and layers above, pooling, dense and output layers), so it is the gradient training
/// would backpropagate to h_t; ‖∂h_T/∂h_t‖ of that layer and direction as in <see cref="GradientFlow"/>; and the spectra of its
/// trained weight_hh_l0. The network runs in evaluation mode (no dropout) with its recurrent layer on the reference path, on a
/// batch of H + 1 copies of the text and one backward pass: copy i's loss is h_T,i of the first layer, copy H's loss is L.
/// </summary>
/// <param name="Flow">‖∂L/∂h_t‖, ‖∂h_T/∂h_t‖ (and the Elman bound) per step read, and the spectra of weight_hh_l0.</param>
/// <param name="Target">the class of L (a classifier) or the token id it predicts (a language model).</param>
/// <param name="Probability">p(target | text).</param>
/// <param name="Loss">L = −log p(target | text).</param>
public sealed record TrainedGradientFlow(GradientFlowResult Flow, int Target, double Probability, double Loss)
{
    /// <summary>
    /// The flow in a text classifier on the text <paramref name="ids"/>, for L = −log p(target | text) of its output; its
    /// parameter gradients are left as found.
    /// </summary>
    /// <param name="classifier">a recurrent text classifier, any cell, layers, directions and pooling, with at most
    /// <see cref="GradientFlowOptions.MaxHiddenSize"/> hidden units.</param>
    /// <param name="ids">[T] the token ids of one text, T ≥ 1.</param>
    /// <param name="target">the class of L, or null for the class the classifier predicts.</param>
    /// <exception cref="ArgumentException">the text is empty, the target is not a class, or the encoder is too wide.</exception>
    public static TrainedGradientFlow Measure(TextClassifier classifier, IReadOnlyList<int> ids, int? target = null)
    {
        ArgumentNullException.ThrowIfNull(classifier);
        ArgumentNullException.ThrowIfNull(ids);
        int steps = ids.Count, classes = classifier.Options.ClassCount;
        if (steps == 0) throw new ArgumentException("TrainedGradientFlow needs a text of at least one token id, but it has none.", nameof(ids));
        if (target is { } asked && (asked < 0 || asked >= classes))
            throw new ArgumentException($"The target class must be in [0, {classes}), but is {asked}.", nameof(target));
        return Run(classifier, classifier.Encoder, target, (copies, trace) =>
        {
            var batchIds = Enumerable.Range(0, copies).SelectMany(_ => ids).ToArray(); // [H + 1, T]
            return classifier.ForwardEmbedded(classifier.Embed(batchIds, copies, steps), Enumerable.Repeat(steps, copies).ToArray(), trace);
        });
    }

    /// <summary>
    /// The flow in a language model on the text <paramref name="ids"/>: it reads all tokens but the last, and L is the loss of
    /// its prediction of the last, −log p(x_T | x_0 … x_{T−1}), so the gradient reaches the earlier steps only through the
    /// recurrence. Its parameter gradients are left as found.
    /// </summary>
    /// <param name="model">a recurrent language model with at most <see cref="GradientFlowOptions.MaxHiddenSize"/> hidden units.</param>
    /// <param name="ids">[T + 1] the token ids of one text, T ≥ 1: the T read, then the one predicted.</param>
    /// <exception cref="ArgumentException">the text has fewer than two tokens, or the layer is too wide.</exception>
    public static TrainedGradientFlow Measure(RecurrentLanguageModel model, IReadOnlyList<int> ids)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(ids);
        int steps = ids.Count - 1, hidden = model.Options.HiddenSize;
        if (steps < 1)
            throw new ArgumentException(
                $"TrainedGradientFlow needs at least two token ids of a language model's text (the ones read, then the one predicted), but it has {ids.Count}.",
                nameof(ids));
        return Run(model, model.Rnn, ids[^1], (copies, trace) =>
        {
            var batchIds = Enumerable.Range(0, copies).SelectMany(_ => ids.Take(steps)).ToArray(); // [H + 1, T]
            var output = model.Rnn.ForwardReference(model.Embedding.Forward(batchIds, [copies, steps]), trace: trace).Output; // [H + 1, T, H]
            return model.Output.Forward(Ops.Reshape(Ops.Slice(output, 1, steps - 1, 1), copies, hidden)); // [H + 1, V] after the last read
        });
    }

    /// <summary>
    /// Runs <paramref name="logitsOf"/> on H + 1 copies of the text in evaluation mode, takes L = −log p(target) of the last
    /// copy's logits and h_T,i of copy i as the losses, and reads the flow off one backward pass.
    /// </summary>
    /// <param name="network">the whole model, whose parameter gradients are restored afterwards.</param>
    /// <param name="layer">its recurrent layer; the first layer's forward direction is measured.</param>
    /// <param name="target">the index of L's target, or null for the most probable one.</param>
    /// <param name="logitsOf">given the number of copies and a trace to fill, the logits [copies, C], the recurrent layer on its reference path.</param>
    private static TrainedGradientFlow Run(Module network, RecurrentLayer layer, int? target, Func<int, List<StepTrace>, Variable> logitsOf)
    {
        int hidden = layer.Options.HiddenSize;
        if (hidden > GradientFlowOptions.MaxHiddenSize)
            throw new ArgumentException(
                $"TrainedGradientFlow takes recurrent layers of up to {GradientFlowOptions.MaxHiddenSize} hidden units (one backward row per unit), " +
                    $"but this one has {hidden}.",
                nameof(layer));
        var parameters = network.Parameters();
        var savedGradients = parameters.Select(p => p.Grad?.Clone()).ToList();

        using var evaluating = Module.Evaluating();
        using var tape = new Tape();
        var trace = new List<StepTrace>();
        var logits = logitsOf(hidden + 1, trace); // [H + 1, C]
        var firstLayer = trace.Where(step => step.Layer == 0 && step.Direction == 0).OrderBy(step => step.Time).ToList();
        int classes = logits.Dim(1);
        var probabilities = Softmax(logits.Value.ReadOnlySpan.Slice(hidden * classes, classes)); // of the loss copy
        int chosen = target ?? Array.IndexOf(probabilities, probabilities.Max());

        var lastStates = Ops.Sum(Ops.Mul(firstLayer[^1].Hidden, new Variable(StateSelector(hidden)))); // Σ_i h_T,i of copy i
        var loss = Ops.CrossEntropy(Ops.Slice(logits, 0, hidden, 1), [chosen]);                        // L of copy H
        Ops.Add(lastStates, loss).Backward();

        var flow = GradientFlow.FromTrace(layer, firstLayer, hidden);
        GradientFlow.RestoreGradients(parameters, savedGradients);
        return new TrainedGradientFlow(flow, chosen, probabilities[chosen], loss.Value.ReadOnlySpan[0]);
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
