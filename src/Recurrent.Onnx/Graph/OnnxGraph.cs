using Recurrent.Serialization;
using Google.Protobuf;
using Onnx;
using Recurrent.Tensors;

namespace Recurrent.Onnx.Graph;

/// <summary>
/// Builds an ONNX graph: typed inputs and outputs (with symbolic dimensions such as "batch" and "time"), initializers
/// from Recurrent's tensors, and nodes of the default domain, each named after the tensor it produces. Names of
/// intermediate values are made unique by <see cref="Name"/>. <see cref="ToModel"/> wraps the graph in a model of
/// <see cref="Opset"/>.
/// </summary>
public sealed class OnnxGraph(string name)
{
    /// <summary>The operator set the graph's nodes follow: the newest of ONNX 1.12, whose onnx.proto this project compiles.</summary>
    public const int Opset = 17;

    /// <summary>
    /// Below any score: what a padded step's or position's value is replaced with before a maximum or a softmax, so that it is
    /// never the maximum and its softmax weight is exactly 0 (the classifiers' and taggers' pooling, the translators' attention).
    /// </summary>
    public const float MaskedValue = -3.0e38f;

    /// <summary>IR version 8, the one onnx.proto of ONNX 1.12 defines.</summary>
    public const long IrVersion = 8;

    private readonly GraphProto graph = new() { Name = name };
    private readonly Dictionary<string, int> nameCounts = new();

    /// <summary>A value name not used before in this graph: <paramref name="stem"/>, or stem_2, stem_3, ….</summary>
    public string Name(string stem)
    {
        int count = nameCounts.GetValueOrDefault(stem) + 1;
        nameCounts[stem] = count;
        return count == 1 ? stem : $"{stem}_{count}";
    }

    /// <summary>A graph input; each dimension is a fixed size (int) or a symbolic name (string).</summary>
    public string Input(string inputName, TensorProto.Types.DataType type, params object[] dims)
    {
        string unique = Name(inputName);
        graph.Input.Add(Value(unique, type, dims));
        return unique;
    }

    /// <summary>Declares <paramref name="valueName"/> (a node's output) as a graph output of the given type and dimensions.</summary>
    public void Output(string valueName, TensorProto.Types.DataType type, params object[] dims) =>
        graph.Output.Add(Value(valueName, type, dims));

    /// <summary>A float initializer of <paramref name="tensor"/>'s values in <paramref name="shape"/> (its own shape when null).</summary>
    public string Initializer(string stem, Tensor tensor, int[]? shape = null) =>
        Initializer(stem, tensor.ReadOnlySpan, shape ?? tensor.Shape);

    /// <summary>A float initializer of <paramref name="values"/> (row-major) in <paramref name="shape"/>.</summary>
    public string Initializer(string stem, ReadOnlySpan<float> values, int[] shape)
    {
        if (values.Length != shape.Aggregate(1L, (size, dim) => size * dim))
            throw new ArgumentException($"Initializer {stem}: {values.Length} values do not fill the shape [{string.Join(", ", shape)}].");
        var tensor = new TensorProto { Name = Name(stem), DataType = (int)TensorProto.Types.DataType.Float };
        tensor.Dims.AddRange(shape.Select(d => (long)d));
        tensor.RawData = ByteString.CopyFrom(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values));
        graph.Initializer.Add(tensor);
        return tensor.Name;
    }

    /// <summary>An int64 initializer: a vector of <paramref name="values"/>, or a scalar when <paramref name="scalar"/>.</summary>
    public string Int64s(string stem, long[] values, bool scalar = false)
    {
        var tensor = new TensorProto { Name = Name(stem), DataType = (int)TensorProto.Types.DataType.Int64 };
        if (!scalar) tensor.Dims.Add(values.Length);
        tensor.Int64Data.AddRange(values);
        graph.Initializer.Add(tensor);
        return tensor.Name;
    }

    /// <summary>A float scalar initializer.</summary>
    public string Scalar(string stem, float value) => Initializer(stem, [value], []);

    /// <summary>
    /// Adds a node of <paramref name="opType"/> with one output named after <paramref name="outputStem"/>; returns that name.
    /// </summary>
    public string Node(string opType, string outputStem, IEnumerable<string> inputs, params AttributeProto[] attributes) =>
        Node(opType, [outputStem], inputs, attributes)[0];

    /// <summary>
    /// Adds a node with several outputs; an empty stem leaves that output unused (ONNX's empty name). Returns the output names.
    /// </summary>
    public string[] Node(string opType, string[] outputStems, IEnumerable<string> inputs, params AttributeProto[] attributes)
    {
        var outputs = outputStems.Select(stem => stem.Length == 0 ? "" : Name(stem)).ToArray();
        var node = new NodeProto { OpType = opType, Name = outputs.First(o => o.Length > 0) };
        node.Input.AddRange(inputs);
        node.Output.AddRange(outputs);
        node.Attribute.AddRange(attributes);
        graph.Node.Add(node);
        return outputs;
    }

    /// <summary>The model holding this graph, of <see cref="Opset"/> in the default domain, produced by this Recurrent's version.</summary>
    public ModelProto ToModel(string docString)
    {
        var model = new ModelProto
        {
            IrVersion = IrVersion, ProducerName = "Recurrent", ProducerVersion = ProducerVersion, DocString = docString, Graph = graph,
        };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = Opset });
        return model;
    }

    /// <summary>The version of the Recurrent library whose models are exported.</summary>
    private static string ProducerVersion => typeof(global::Recurrent.Recurrence.RecurrentLayer).Assembly.GetName().Version?.ToString() ?? "";

    /// <summary>[A, B, …] → [B, A, …] (perm 1, 0, 2 of a rank-3 tensor): batch-major to time-major and back.</summary>
    public string SwapLeadingAxes(string input, string name) => Node("Transpose", name, [input], Attribute("perm", new long[] { 1, 0, 2 }));

    /// <summary>Writes <paramref name="model"/> to <paramref name="path"/> atomically (a reader never sees half a model).</summary>
    public static void Write(ModelProto model, string path) => AtomicFile.Write(path, stream => model.WriteTo(stream));

    public static AttributeProto Attribute(string name, long value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    public static AttributeProto Attribute(string name, float value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Float, F = value };

    public static AttributeProto Attribute(string name, string value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.String, S = ByteString.CopyFromUtf8(value) };

    public static AttributeProto Attribute(string name, long[] values)
    {
        var attribute = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        attribute.Ints.AddRange(values);
        return attribute;
    }

    public static AttributeProto Attribute(string name, string[] values)
    {
        var attribute = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Strings };
        attribute.Strings.AddRange(values.Select(ByteString.CopyFromUtf8));
        return attribute;
    }

    private static ValueInfoProto Value(string valueName, TensorProto.Types.DataType type, object[] dims)
    {
        var shape = new TensorShapeProto();
        foreach (var dim in dims)
            shape.Dim.Add(dim switch
            {
                int size => new TensorShapeProto.Types.Dimension { DimValue = size },
                string symbol => new TensorShapeProto.Types.Dimension { DimParam = symbol },
                _ => throw new ArgumentException($"A dimension of {valueName} is {dim}; give an int size or a string name."),
            });
        return new ValueInfoProto
        {
            Name = valueName,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)type, Shape = shape } },
        };
    }
}
