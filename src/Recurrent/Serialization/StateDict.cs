using System.Globalization;
using Recurrent.Layers;

namespace Recurrent.Serialization;

/// <summary>
/// A module's parameters saved under their PyTorch-style dotted names (<c>encoder.weight_ih_l0</c>) in a
/// safetensors file, so checkpoints move between Recurrent and PyTorch's <c>state_dict()</c>.
/// </summary>
public static class StateDict
{
    /// <summary>Writes every named parameter of <paramref name="module"/> as F32, atomically.
    /// The metadata gets <c>"format": "pt"</c> (what Hugging Face tools expect) unless it sets a format itself.</summary>
    public static void Save(Module module, string path, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var withFormat = new Dictionary<string, string> { ["format"] = "pt" };
        if (metadata is not null)
            foreach (var (key, value) in metadata) withFormat[key] = value;
        SafeTensors.Save(path, module.NamedParameters().Select(p => KeyValuePair.Create(p.Name, p.Parameter.Value)), withFormat);
    }

    /// <summary>
    /// Assigns the tensors in <paramref name="path"/> to <paramref name="module"/>'s parameters by name.
    /// Everything is checked before anything is assigned. Shapes must always match; with <paramref name="strict"/>
    /// the names must also match exactly, otherwise parameters missing from the file keep their values and
    /// tensors the model does not have are ignored (both are listed in the result).
    /// Mismatches throw one <see cref="StateDictMismatchException"/> that lists them all.
    /// </summary>
    public static StateDictLoadResult Load(Module module, string path, bool strict = true)
    {
        using var reader = SafeTensors.Open(path);
        var parameters = module.NamedParameters().ToList();
        var missing = parameters.Where(p => !reader.Contains(p.Name)).Select(p => p.Name).ToList();
        var modelNames = parameters.Select(p => p.Name).ToHashSet();
        var unexpected = reader.Entries.Where(e => !modelNames.Contains(e.Name)).Select(e => e.Name).ToList();
        var shapeMismatches = parameters
            .Where(p => reader.Contains(p.Name) && !reader.Entry(p.Name).Shape.AsSpan().SequenceEqual(p.Parameter.Shape))
            .Select(p => $"{p.Name}: file has {Tensor.ShapeText(reader.Entry(p.Name).Shape)}, model expects {Tensor.ShapeText(p.Parameter.Shape)}")
            .ToList();

        if (shapeMismatches.Count > 0 || (strict && (missing.Count > 0 || unexpected.Count > 0)))
            throw new StateDictMismatchException(path, module.GetType().Name, strict ? missing : [], strict ? unexpected : [], shapeMismatches);

        foreach (var (name, parameter) in parameters)
            if (reader.Contains(name))
            {
                reader.ReadInto(reader.Entry(name), parameter.Value.Span);
                RequireFinite(path, name, parameter.Value.Span);
            }
        return new StateDictLoadResult(missing, unexpected);
    }

    /// <summary>
    /// Weights with a NaN or an infinity would make every prediction NaN without a word: they are refused on load,
    /// naming the tensor and the first such element.
    /// </summary>
    public static void RequireFinite(string path, string name, ReadOnlySpan<float> values)
    {
        for (int i = 0; i < values.Length; i++)
            if (!float.IsFinite(values[i]))
                throw new ModelFormatException(path,
                    $"element {i} is {values[i]}, not a finite number: the weights are damaged or come from a run that diverged", name);
            else if (Math.Abs(values[i]) > MaxWeightMagnitude)
                throw new ModelFormatException(path,
                    string.Create(CultureInfo.InvariantCulture,
                        $"element {i} is {values[i]:G3}, beyond ±1e15, far larger than any trained weight (its products would " +
                        $"overflow): the weights are damaged or come from a run that diverged"),
                    name);
    }

    /// <summary>
    /// The largest weight magnitude a model may hold: far beyond trained weights, yet small enough that sums of products
    /// of such weights stay finite in float32 (so a flipped exponent bit, 5e30, cannot turn predictions into NaN).
    /// </summary>
    public const float MaxWeightMagnitude = 1e15f;

    /// <summary>Every tensor of <paramref name="tensors"/> finite (see <see cref="RequireFinite(string, string, ReadOnlySpan{float})"/>).</summary>
    public static IReadOnlyDictionary<string, Tensor> RequireFinite(string path, IReadOnlyDictionary<string, Tensor> tensors)
    {
        foreach (var (name, tensor) in tensors) RequireFinite(path, name, tensor.ReadOnlySpan);
        return tensors;
    }

    /// <summary>Every tensor in a safetensors file, as float32, in file order.</summary>
    public static IReadOnlyDictionary<string, Tensor> Read(string path)
    {
        using var reader = SafeTensors.Open(path);
        return reader.ReadAll();
    }
}

