using System.Text.Json;

namespace Recurrent.Tests.Interpretation;

/// <summary>
/// A JSON file of Goldens/ written by a make_*_goldens.py script: models, each with its weights file and cases. The golden
/// tests of classifiers and taggers read it the same way.
/// </summary>
internal sealed class IntegratedGradientsGoldens
{
    public static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "Interpretation", "Goldens");

    public IntegratedGradientsGoldens(string fileName)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(Folder, fileName)));
        Root = document.RootElement.Clone();
    }

    /// <summary>The whole file.</summary>
    public JsonElement Root { get; }

    /// <summary>(model name, case index) of every case, as xunit's member data.</summary>
    public IEnumerable<object[]> Cases() =>
        from model in Root.GetProperty("models").EnumerateArray()
        from index in Enumerable.Range(0, model.GetProperty("cases").GetArrayLength())
        select new object[] { model.GetProperty("name").GetString()!, index };

    /// <summary>The model named <paramref name="name"/>.</summary>
    public JsonElement Model(string name) =>
        Root.GetProperty("models").EnumerateArray().Single(m => m.GetProperty("name").GetString() == name);

    /// <summary>The path of <paramref name="model"/>'s weights.</summary>
    public static string WeightsOf(JsonElement model) => Path.Combine(Folder, model.GetProperty("weights").GetString()!);
}
