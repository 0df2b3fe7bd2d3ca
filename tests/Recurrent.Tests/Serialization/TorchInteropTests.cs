using System.Text.Json;
using Recurrent.Serialization;

namespace Recurrent.Tests.Serialization;

/// <summary>
/// Files written by PyTorch (make_safetensors_fixture.py: the state dict of nn.LSTM(3, 4, num_layers=2, bidirectional=True),
/// once per dtype) read with PyTorch's names, shapes and values.
/// </summary>
public class TorchInteropTests
{
    private static readonly string Fixtures = Path.Combine(AppContext.BaseDirectory, "Serialization", "Fixtures");

    private static JsonElement Expected(string fileName)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(Fixtures, "torch_lstm_expected.json")));
        return document.RootElement.GetProperty("files").EnumerateArray().Single(f => f.GetProperty("file").GetString() == fileName).Clone();
    }

    [Theory]
    [InlineData("torch_lstm.safetensors")]
    [InlineData("torch_lstm_f16.safetensors")]
    [InlineData("torch_lstm_bf16.safetensors")]
    [InlineData("torch_lstm_f64.safetensors")]
    public void Torch_written_file_reads_with_pytorch_names_shapes_and_values(string fileName)
    {
        var expected = Expected(fileName);

        var tensors = StateDict.Read(Path.Combine(Fixtures, fileName));

        var expectedTensors = expected.GetProperty("tensors").EnumerateArray().ToList();
        Assert.Equal(expectedTensors.Select(t => t.GetProperty("name").GetString()), tensors.Keys);
        foreach (var t in expectedTensors)
        {
            var tensor = tensors[t.GetProperty("name").GetString()!];
            Assert.Equal(t.GetProperty("shape").EnumerateArray().Select(e => e.GetInt32()), tensor.Shape);
            Assert.Equal(t.GetProperty("first").EnumerateArray().Select(e => e.GetSingle()), tensor.Data.Take(6));
            Assert.Equal(t.GetProperty("sum").GetDouble(), tensor.Data.Sum(v => (double)v), 1e-9);
        }
    }

    [Fact]
    public void Torch_written_metadata_reads_as_written()
    {
        var (_, metadata) = SafeTensors.Read(Path.Combine(Fixtures, "torch_lstm.safetensors"));

        Assert.Equal("pt", metadata["format"]);
        Assert.Equal("nn.LSTM(3, 4, num_layers=2, bidirectional=True)", metadata["module"]);
    }

    [Fact]
    public void Torch_lstm_state_dict_loads_into_a_module_with_pytorch_parameter_names()
    {
        var parameters = new List<(string, int[])>();
        for (int layer = 0; layer < 2; layer++)
            foreach (string suffix in new[] { "", "_reverse" })
            {
                int input = layer == 0 ? 3 : 8;
                parameters.Add(($"weight_ih_l{layer}{suffix}", [16, input]));
                parameters.Add(($"weight_hh_l{layer}{suffix}", [16, 4]));
                parameters.Add(($"bias_ih_l{layer}{suffix}", [16]));
                parameters.Add(($"bias_hh_l{layer}{suffix}", [16]));
            }
        var lstm = new TestModel([.. parameters]);

        var result = StateDict.Load(lstm, Path.Combine(Fixtures, "torch_lstm.safetensors"));

        Assert.Empty(result.MissingNames);
        Assert.Empty(result.UnexpectedNames);
        var first = Expected("torch_lstm.safetensors").GetProperty("tensors").EnumerateArray()
            .Single(t => t.GetProperty("name").GetString() == "weight_ih_l1_reverse").GetProperty("first");
        Assert.Equal(first.EnumerateArray().Select(e => e.GetSingle()), lstm.GetParameter("weight_ih_l1_reverse").Value.Data.Take(6));
    }
}
