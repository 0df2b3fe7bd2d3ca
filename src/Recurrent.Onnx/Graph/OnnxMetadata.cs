using Onnx;

namespace Recurrent.Onnx.Graph;

/// <summary>Entries of a model's <c>metadata_props</c>, which ONNX Runtime shows as its custom metadata map.</summary>
public static class OnnxMetadata
{
    /// <summary>Adds <paramref name="key"/> = <paramref name="value"/> (a string, or a number or list written as JSON).</summary>
    public static void Add(ModelProto model, string key, object value) =>
        model.MetadataProps.Add(new StringStringEntryProto
        {
            Key = key, Value = value as string ?? System.Text.Json.JsonSerializer.Serialize(value),
        });
}
