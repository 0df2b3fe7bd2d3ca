using Recurrent.Recurrence;
using Recurrent.Serialization;

namespace Recurrent.Tests.Fuzzing;

/// <summary>
/// safetensors files (PyTorch's in F32, F16, BF16 and F64, and one written by Recurrent) with bytes mutated anywhere,
/// header or data: tensors whose sizes match their shapes and that tile the data, loaded into a module only when
/// finite, or a <see cref="ModelFormatException"/>.
/// </summary>
public sealed class SafeTensorsFuzzTests : IDisposable
{
    private const int Iterations = 2500;

    private readonly InputFolder scratch = new("fuzz-safetensors");

    [Fact]
    public void A_mutated_safetensors_file_reads_to_tensors_of_its_shapes_or_gives_a_model_format_error()
    {
        var layer = new RecurrentLayer(new RecurrentOptions { Cell = CellKind.Lstm, InputSize = 2, HiddenSize = 2 }, new Rng(1));
        string own = scratch.PathOf("own.safetensors");
        StateDict.Save(layer, own);
        var inputs = ByteMutations.Of([.. FuzzSeeds.Fixtures("Serialization/Fixtures", "*.safetensors"), File.ReadAllBytes(own)]);
        string path = scratch.PathOf("input.safetensors");
        ReaderFuzzer.Check("safetensors", inputs, input =>
        {
            File.WriteAllBytes(path, input);
            try
            {
                using var reader = SafeTensors.Open(path);
                long covered = 0;
                foreach (var entry in reader.Entries)
                {
                    Assert.All(entry.Shape, extent => Assert.True(extent >= 0));
                    Assert.Equal(covered, entry.Begin);
                    Assert.Equal(entry.ElementCount * (long)SafeTensorsEntry.ElementSize(entry.DType), entry.ByteLength);
                    covered = entry.End;
                    Assert.Equal(entry.ElementCount, reader.ReadTensor(entry.Name).Size);
                }
                Assert.Equal(input.Length, 8 + BitConverter.ToInt64(input, 0) + covered);
            }
            catch (ModelFormatException)
            {
                // documented; loading into the layer must refuse the file the same way
            }
            StateDict.Load(layer, path);
            Assert.True(layer.NamedParameters().All(p => p.Parameter.Value.ReadOnlySpan.ToArray().All(float.IsFinite)), "non-finite weights were loaded");
        }, Iterations);
    }

    public void Dispose() => scratch.Dispose();
}
