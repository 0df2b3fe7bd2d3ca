namespace Recurrent.Interop;

/// <summary>A model that <see cref="PyTorchExport"/> cannot write as a PyTorch module; the message says what is not supported and what is.</summary>
public sealed class PyTorchExportException(string message) : Exception(message);
