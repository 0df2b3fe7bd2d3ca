namespace Recurrent.Tasks.Classification;

/// <summary>Precision, recall, F1 and support of one class.</summary>
public sealed record ClassScore(string Label, double Precision, double Recall, double F1, int Support);
