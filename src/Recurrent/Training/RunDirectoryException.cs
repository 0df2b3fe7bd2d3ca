namespace Recurrent.Training;

/// <summary>A training run cannot use its output directory: another run holds it, or it holds files the run must not replace.</summary>
public sealed class RunDirectoryException(string message) : Exception(message);
