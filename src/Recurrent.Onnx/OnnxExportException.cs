namespace Recurrent.Onnx;

/// <summary>A model, or a part of it, that has no ONNX form (yet); the message says what and what can be exported.</summary>
public sealed class OnnxExportException(string message) : Exception(message);
