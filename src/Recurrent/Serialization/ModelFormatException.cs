namespace Recurrent.Serialization;

/// <summary>
/// A model file (safetensors weights, config.json, metrics.jsonl) that cannot be used: damaged, not in the expected
/// format, or not matching the model it is loaded into. The message names the file, the tensor or position, and the problem.
/// </summary>
public class ModelFormatException : Exception
{
    /// <summary>The file that is wrong.</summary>
    public string FilePath { get; }

    /// <summary>The tensor the problem is in, when it is about one tensor.</summary>
    public string? TensorName { get; }

    public ModelFormatException(string filePath, string problem, string? tensorName = null, Exception? innerException = null)
        : base(Describe(filePath, problem, tensorName), innerException)
    {
        FilePath = filePath;
        TensorName = tensorName;
    }

    private static string Describe(string filePath, string problem, string? tensorName) =>
        tensorName is null ? $"{filePath}: {problem}" : $"{filePath}: tensor '{tensorName}': {problem}";
}
