namespace Recurrent.Data;

/// <summary>One text with its class label, and where it was read from.</summary>
public sealed record LabelledExample(string Text, string Label, SourceLocation Where);
