namespace Recurrent.Onnx.Graph;

/// <summary>
/// Where the step graph of a model exported as two graphs goes: beside the file asked for, its extension replaced by
/// <c>.step.onnx</c> (lm.onnx → lm.step.onnx, de.onnx → de.step.onnx).
/// </summary>
public static class StepModelPath
{
    public static string Beside(string path) => Path.ChangeExtension(path, null) + ".step.onnx";
}
