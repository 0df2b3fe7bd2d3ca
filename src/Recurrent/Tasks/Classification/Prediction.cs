namespace Recurrent.Tasks.Classification;

/// <summary>One prediction: the most likely label and the probability of every label (in <see cref="TextClassificationModel.Labels"/> order).</summary>
public sealed record Prediction(string Label, double Probability, IReadOnlyList<(string Label, double Probability)> Probabilities);
