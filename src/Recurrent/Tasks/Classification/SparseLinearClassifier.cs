using System.Numerics.Tensors;
using Recurrent.Autograd;
using Recurrent.Tensors;
using Recurrent.Text;
using Recurrent.Training;

namespace Recurrent.Tasks.Classification;

/// <summary>Training settings of a <see cref="SparseLinearClassifier"/>.</summary>
public sealed record LinearClassifierOptions
{
    public int Epochs { get; init; } = 10;

    public int BatchSize { get; init; } = 32;

    /// <summary>Adam's step size.</summary>
    public float LearningRate { get; init; } = 0.01f;

    /// <summary>λ of the penalty (λ/2)·‖W‖² added to the mean loss (the bias is not penalised). λ = 1/n matches scikit-learn's C = 1.</summary>
    public float L2 { get; init; } = 1e-4f;

    /// <summary>Seeds the order in which training rows are visited.</summary>
    public ulong Seed { get; init; }

    public void Validate()
    {
        if (Epochs < 1) throw new ArgumentOutOfRangeException(nameof(Epochs), $"LinearClassifierOptions.Epochs must be at least 1, got {Epochs}.");
        if (BatchSize < 1) throw new ArgumentOutOfRangeException(nameof(BatchSize), $"LinearClassifierOptions.BatchSize must be at least 1, got {BatchSize}.");
        if (!(LearningRate > 0) || float.IsInfinity(LearningRate))
            throw new ArgumentOutOfRangeException(nameof(LearningRate), "LinearClassifierOptions.LearningRate must be " +
                $"positive and finite, got {LearningRate}.");
        if (!(L2 >= 0) || float.IsInfinity(L2))
            throw new ArgumentOutOfRangeException(nameof(L2), $"LinearClassifierOptions.L2 must be non-negative and finite, got {L2}.");
    }
}

/// <summary>
/// Multinomial logistic regression on sparse feature rows: p(y | x) = softmax(W · x + b), W [C, F], b [C].
/// Trained from zero weights on the mean cross-entropy plus (λ/2)‖W‖² with mini-batch Adam; the same seed gives the same weights.
/// </summary>
public sealed class SparseLinearClassifier
{
    /// <summary>W [C, F].</summary>
    public Tensor Weight { get; }

    /// <summary>b [C].</summary>
    public Tensor Bias { get; }

    public int ClassCount => Weight.Dim(0);

    public int FeatureCount => Weight.Dim(1);

    /// <summary>A classifier with the given weights (for loading a trained one).</summary>
    public SparseLinearClassifier(Tensor weight, Tensor bias)
    {
        if (weight.Rank != 2 || weight.Dim(0) < 1 || bias.Rank != 1 || bias.Size != weight.Dim(0))
            throw new ArgumentException("A linear classifier needs weight [C, F] and bias [C], got " +
                $"{Tensor.ShapeText(weight.Shape)} and {Tensor.ShapeText(bias.Shape)}.");
        Weight = weight;
        Bias = bias;
    }

    /// <summary>
    /// Trains on <paramref name="rows"/> with class labels in [0, <paramref name="classCount"/>).
    /// <paramref name="onEpochEnd"/>, when given, receives each epoch's number (from 1) and mean training loss.
    /// </summary>
    public static SparseLinearClassifier Train(IReadOnlyList<SparseVector> rows, IReadOnlyList<int> labels, int featureCount, int classCount,
        LinearClassifierOptions? options = null, Action<int, double>? onEpochEnd = null)
    {
        options ??= new LinearClassifierOptions();
        options.Validate();
        if (rows.Count == 0) throw new ArgumentException("SparseLinearClassifier.Train needs at least one training row.", nameof(rows));
        if (labels.Count != rows.Count)
            throw new ArgumentException($"SparseLinearClassifier.Train got {rows.Count} rows but {labels.Count} labels.", nameof(labels));
        if (classCount < 2) throw new ArgumentOutOfRangeException(nameof(classCount), $"A classifier needs at least 2 classes, got {classCount}.");
        if (featureCount < 1) throw new ArgumentOutOfRangeException(nameof(featureCount), $"featureCount must be at least 1, got {featureCount}.");
        for (int r = 0; r < rows.Count; r++)
        {
            if ((uint)labels[r] >= (uint)classCount)
                throw new ArgumentOutOfRangeException(nameof(labels), $"Label {labels[r]} of row {r} is outside the classes [0, {classCount}).");
            if (rows[r].Count > 0 && rows[r].Indices[^1] >= featureCount)
                throw new ArgumentOutOfRangeException(nameof(rows), $"Row {r} has feature {rows[r].Indices[^1]}, outside the {featureCount} features.");
        }

        var weight = new Variable(new Tensor(classCount, featureCount), requiresGrad: true, "weight");
        var bias = new Variable(new Tensor(classCount), requiresGrad: true, "bias");
        var classifier = new SparseLinearClassifier(weight.Value, bias.Value);
        var adam = new Adam([weight, bias], new AdamOptions { LearningRate = options.LearningRate });
        var rng = new Rng(options.Seed);
        var order = Enumerable.Range(0, rows.Count).ToArray();
        var probabilities = new float[classCount];
        for (int epoch = 1; epoch <= options.Epochs; epoch++)
        {
            rng.Shuffle(order.AsSpan());
            double lossSum = 0;
            for (int start = 0; start < order.Length; start += options.BatchSize)
            {
                int count = Math.Min(options.BatchSize, order.Length - start);
                var gradW = weight.GradOrZeros().Span;
                var gradB = bias.GradOrZeros().Span;
                gradB.Clear();
                // ∂/∂W of (λ/2)‖W‖² is λW; this also resets the gradient left by the previous batch.
                TensorPrimitives.Multiply(weight.Value.ReadOnlySpan, options.L2, gradW);
                foreach (int r in order.AsSpan(start, count))
                {
                    var x = rows[r];
                    classifier.Probabilities(x, probabilities);
                    lossSum -= Math.Log(Math.Max(probabilities[labels[r]], 1e-30f));
                    // ∂loss/∂logits = (p − onehot(y)) / batch; ∂/∂W[c] = that · x, ∂/∂b[c] = that.
                    for (int c = 0; c < classCount; c++)
                    {
                        float delta = (probabilities[c] - (c == labels[r] ? 1f : 0f)) / count;
                        gradB[c] += delta;
                        var gradRow = gradW.Slice(c * featureCount, featureCount);
                        for (int k = 0; k < x.Count; k++) gradRow[x.Indices[k]] += delta * x.Values[k];
                    }
                }
                adam.Step();
            }
            onEpochEnd?.Invoke(epoch, lossSum / rows.Count);
        }
        return classifier;
    }

    /// <summary>W · x + b [C].</summary>
    public float[] Logits(SparseVector x)
    {
        var logits = new float[ClassCount];
        WriteLogits(x, logits);
        return logits;
    }

    /// <summary>softmax(W · x + b) [C].</summary>
    public float[] PredictProbabilities(SparseVector x)
    {
        var p = new float[ClassCount];
        Probabilities(x, p);
        return p;
    }

    /// <summary>The most probable class (the lowest index on ties).</summary>
    public int Predict(SparseVector x)
    {
        var logits = Logits(x);
        int best = 0;
        for (int c = 1; c < logits.Length; c++) if (logits[c] > logits[best]) best = c;
        return best;
    }

    private void WriteLogits(SparseVector x, Span<float> logits)
    {
        if (x.Count > 0 && x.Indices[^1] >= FeatureCount)
            throw new ArgumentOutOfRangeException(nameof(x), $"The row has feature {x.Indices[^1]}, but the classifier has {FeatureCount} features.");
        for (int c = 0; c < logits.Length; c++)
            logits[c] = Bias.Data[c] + x.Dot(Weight.ReadOnlySpan.Slice(c * FeatureCount, FeatureCount));
    }

    private void Probabilities(SparseVector x, Span<float> p)
    {
        WriteLogits(x, p);
        float max = float.NegativeInfinity;
        foreach (float v in p) max = Math.Max(max, v);
        float sum = 0f;
        for (int c = 0; c < p.Length; c++) sum += p[c] = MathF.Exp(p[c] - max);
        for (int c = 0; c < p.Length; c++) p[c] /= sum;
    }
}
