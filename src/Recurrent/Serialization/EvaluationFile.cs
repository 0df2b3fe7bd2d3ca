using System.Text.Json;

namespace Recurrent.Serialization;

/// <summary>
/// evaluation.json in a model directory: the figures a training run measured on its held-out part at its end (scores, sample
/// predictions), saved so that the model's report can be drawn again from the directory alone, without the data.
/// </summary>
public static class EvaluationFile
{
    /// <summary>The file's name in the model directory.</summary>
    public const string FileName = "evaluation.json";

    /// <summary>
    /// <see cref="ModelConfig.JsonOptions"/>, strict when reading: every constructor parameter must be in the file and a value
    /// that must not be null is not, so a damaged file fails here, naming the field, and not later in the report.
    /// </summary>
    private static readonly JsonSerializerOptions Json = new(ModelConfig.JsonOptions)
    {
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
    };

    /// <summary>
    /// Writes <paramref name="evaluation"/> as <see cref="FileName"/> in <paramref name="directory"/>, all at once (<see cref="AtomicFile"/>).
    /// </summary>
    public static void Save<T>(string directory, T evaluation)
    {
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(evaluation);
        AtomicFile.WriteAllText(Path.Combine(directory, FileName), JsonSerializer.Serialize(evaluation, Json));
    }

    /// <summary>The evaluation saved in <paramref name="directory"/>, or null when there is none (a run without a held-out part).</summary>
    /// <exception cref="ModelFormatException">The file is damaged or not the evaluation of this kind of model.</exception>
    public static T? Load<T>(string directory) where T : class
    {
        ArgumentNullException.ThrowIfNull(directory);
        string path = Path.Combine(directory, FileName);
        if (!File.Exists(path)) return null;
        try
        {
            return JsonSerializer.Deserialize<T>(File.ReadAllText(path), Json)
                   ?? throw new ModelFormatException(path, "the file holds null; train the model again to write it");
        }
        catch (JsonException e)
        {
            throw new ModelFormatException(path, $"not the evaluation a {typeof(T).Name} needs ({e.Message}); train the model again to rewrite it");
        }
    }
}
