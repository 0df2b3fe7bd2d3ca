using Onnx;
using Recurrent.Onnx.Import;

namespace Recurrent.Tests.Onnx;

/// <summary>
/// One of ONNX's backend node tests committed under Onnx/BackendNodeTests (see its NOTICE): model.onnx and
/// test_data_set_0/input_k.pb (the graph inputs, named) and output_k.pb (the expected graph outputs, in the graph's order).
/// </summary>
public sealed record BackendNodeCase(string Name)
{
    public static string Root => Path.Combine(AppContext.BaseDirectory, "Onnx", "BackendNodeTests");

    public string ModelPath => Path.Combine(Root, Name, "model.onnx");

    /// <summary>test_data_set_0: input_k.pb and output_k.pb.</summary>
    public string DataSetPath => Path.Combine(Root, Name, "test_data_set_0");

    public ModelProto Model => RecurrentNodeImport.ReadModel(ModelPath);

    /// <summary>The graph inputs by name.</summary>
    public IReadOnlyDictionary<string, TensorProto> Inputs =>
        Files("input").Select(RecurrentNodeImport.ReadTensor).ToDictionary(tensor => tensor.Name);

    /// <summary>The expected outputs by graph output name.</summary>
    public IReadOnlyDictionary<string, Tensor> ExpectedOutputs
    {
        get
        {
            var names = Model.Graph.Output.Select(o => o.Name).ToList();
            var files = Files("output");
            Assert.Equal(names.Count, files.Count);
            return names.Zip(files).ToDictionary(p => p.First, p => OnnxTensorValues.Floats(RecurrentNodeImport.ReadTensor(p.Second), p.Second));
        }
    }

    private List<string> Files(string kind) =>
        Directory.GetFiles(DataSetPath, $"{kind}_*.pb").OrderBy(f => int.Parse(Path.GetFileNameWithoutExtension(f)[(kind.Length + 1)..])).ToList();

    public override string ToString() => Name;
}
