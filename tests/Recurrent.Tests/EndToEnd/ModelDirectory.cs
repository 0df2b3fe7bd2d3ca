using System.Buffers.Binary;
using System.Text;
using System.Text.Json.Nodes;

namespace Recurrent.Tests.EndToEnd;

/// <summary>A model directory written by <c>rnn</c>, read as a user (or PyTorch) would: config.json, metrics.jsonl, the safetensors header.</summary>
internal sealed record ModelDirectory(string Folder)
{
    /// <summary>config.json, parsed.</summary>
    public JsonNode Config => JsonNode.Parse(File.ReadAllText(FileOf("config.json")))!;

    /// <summary>metrics.jsonl: one object per line.</summary>
    public IReadOnlyList<JsonNode> Metrics =>
        File.ReadAllLines(FileOf("metrics.jsonl")).Where(line => line.Length > 0).Select(line => JsonNode.Parse(line)!).ToList();

    /// <summary>The tensors named in model.safetensors' header (8-byte little-endian length, then JSON), with their shapes.</summary>
    public IReadOnlyDictionary<string, int[]> Tensors
    {
        get
        {
            byte[] bytes = File.ReadAllBytes(FileOf("model.safetensors"));
            long headerLength = BinaryPrimitives.ReadInt64LittleEndian(bytes);
            Assert.InRange(headerLength, 2, bytes.Length - 8);
            var header = JsonNode.Parse(Encoding.UTF8.GetString(bytes, 8, (int)headerLength))!.AsObject();
            var tensors = new Dictionary<string, int[]>();
            foreach (var (name, entry) in header)
                if (name != "__metadata__")
                    tensors[name] = entry!["shape"]!.AsArray().Select(d => (int)d!).ToArray();
            return tensors;
        }
    }

    /// <summary>Asserts that each of <paramref name="names"/> exists in the directory and is not empty.</summary>
    public void AssertFiles(params string[] names)
    {
        foreach (string name in names)
        {
            string path = FileOf(name);
            Assert.True(File.Exists(path), $"{name} is missing from {Folder}: {string.Join(", ", Directory.GetFileSystemEntries(Folder).Select(Path.GetFileName))}");
            Assert.True(new FileInfo(path).Length > 0, $"{name} in {Folder} is empty");
        }
    }

    public string FileOf(string name) => Path.Combine(Folder, name);
}
