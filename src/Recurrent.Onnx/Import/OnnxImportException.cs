namespace Recurrent.Onnx.Import;

/// <summary>
/// An ONNX model, or a part of it, that Recurrent cannot import: not an ONNX file, an operator or attribute with no Recurrent
/// form, a missing weight. The message names the node, operator or attribute and says what is supported.
/// </summary>
public sealed class OnnxImportException(string message) : Exception(message);
