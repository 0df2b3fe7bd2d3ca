using Microsoft.ML.OnnxRuntime;

namespace Recurrent.Tests.Onnx;

/// <summary>
/// An exported classifier run by ONNX Runtime, as docs/interop.md shows it: token ids [B, T] padded after each row's length,
/// the lengths [B], and the probabilities [B, C] it returns.
/// </summary>
internal sealed class OnnxClassifierSession(byte[] model) : IDisposable
{
    private readonly InferenceSession session = new(model);

    public static OnnxClassifierSession FromFile(string path) => new(File.ReadAllBytes(path));

    /// <summary>The labels the export wrote into the model's metadata, in class-index order.</summary>
    public string[] Labels => System.Text.Json.JsonSerializer.Deserialize<string[]>(session.ModelMetadata.CustomMetadataMap["labels"])!;

    /// <summary>Probabilities [B, C] of each row of ids (ragged: padded here with id 0 up to the longest row).</summary>
    public float[][] Probabilities(IReadOnlyList<long[]> ids) =>
        Probabilities(ids, padding: (_, _) => 0);

    /// <summary>Probabilities [B, C]; <paramref name="padding"/> gives the id at (row, step) past a row's length.</summary>
    public float[][] Probabilities(IReadOnlyList<long[]> ids, Func<int, int, long> padding)
    {
        int batch = ids.Count;
        var (tokens, lengths) = PaddedIds.Of(ids, padding);
        using var results = session.Run([NamedOnnxValue.CreateFromTensor("tokens", tokens), NamedOnnxValue.CreateFromTensor("lengths", lengths)]);
        var probabilities = results.Single(result => result.Name == "probabilities").AsTensor<float>();
        int classes = probabilities.Dimensions[1];
        return Enumerable.Range(0, batch).Select(b => Enumerable.Range(0, classes).Select(c => probabilities[b, c]).ToArray()).ToArray();
    }

    public void Dispose() => session.Dispose();
}
