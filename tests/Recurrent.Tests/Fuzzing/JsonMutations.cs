using System.Text;
using System.Text.Json.Nodes;
using CsCheck;

namespace Recurrent.Tests.Fuzzing;

/// <summary>
/// CsCheck generators of JSON documents that stay valid JSON but hold wrong values: one or two values of a seed document
/// (found by walking it) replaced by an odd number, a wrong type, a negative or huge size, an unknown name, deep nesting,
/// or removed; mixed with the byte-level mutations of <see cref="ByteMutations"/> that break the syntax.
/// </summary>
internal static class JsonMutations
{
    /// <summary>Raw JSON that a value is replaced by.</summary>
    private static readonly string[] Replacements =
        ["1e309", "-1e309", "1e39", "99999999999999999999", "2147483648", "-2147483649", "-0", "-0.0", "0", "-1", "-5", "1", "2", "3", "5000", "20000", "100000",
         "2147483647", "0.5", "1.5", "1e-45", "\"NaN\"", "\"Infinity\"", "\"abc\"", "\"\"", "\"transformer\"", "\"median\"", "\"rnn\"", "\"lstm\"",
         "\"gru\"", "\"jordan\"", "\"relu\"", "\"vocab.txt\"", "\"../config.json\"", "\"/etc/passwd\"", "\"1\"", "null", "true", "false", "[]", "{}",
         "[1]", "[[1]]", "[[]]", "[null]", "[\"a\",\"a\"]", "[\"a\",\"b\"]", "{\"a\":1}", "[1,2,3]", "[[1,2],[3]]", new string('[', 5000) + new string(']', 5000)];

    /// <summary>Seeds with values replaced (most inputs) or bytes mutated.</summary>
    public static Gen<byte[]> Of(IReadOnlyList<byte[]> seeds)
    {
        var documents = seeds.Select(s => JsonNode.Parse(s)!).ToList();
        var valueEdit = Gen.Select(Gen.Int[0, documents.Count - 1], Gen.Select(Gen.Double[0, 1], Gen.OneOf(Replacements), Gen.Int[0, 5]).Array[1, 2],
            (seed, edits) => Edit(documents[seed], edits));
        return Gen.Frequency((3, valueEdit), (1, ByteMutations.Of(seeds)));
    }

    /// <summary>Each edit picks a value by its position among all values; kind 0 removes it (from an object), the others replace it.</summary>
    private static byte[] Edit(JsonNode seed, (double At, string Replacement, int Kind)[] edits)
    {
        var document = seed.DeepClone();
        var replaced = new List<string>();
        foreach (var (at, replacement, kind) in edits)
        {
            var values = Values(document).ToList();
            if (values.Count == 0) break;
            var target = values[Math.Min(values.Count - 1, (int)(at * values.Count))];
            if (target.Parent is JsonObject parent && kind == 0)
            {
                parent.Remove(target.GetPropertyName());
                continue;
            }
            string marker = $"\u0001{replaced.Count}\u0001";
            replaced.Add(replacement);
            if (target.Parent is JsonObject obj) obj[target.GetPropertyName()] = marker;
            else if (target.Parent is JsonArray array) array[target.GetElementIndex()] = marker;
            else return Encoding.UTF8.GetBytes(replacement);
        }
        string json = document.ToJsonString();
        for (int i = 0; i < replaced.Count; i++) json = json.Replace($"\"\\u0001{i}\\u0001\"", replaced[i]);
        return Encoding.UTF8.GetBytes(json);
    }

    /// <summary>Every node below the root (objects, arrays and values), in document order.</summary>
    private static IEnumerable<JsonNode> Values(JsonNode node)
    {
        var children = node switch
        {
            JsonObject obj => obj.Select(p => p.Value),
            JsonArray array => array.AsEnumerable(),
            _ => [],
        };
        foreach (var child in children.OfType<JsonNode>())
        {
            yield return child;
            foreach (var below in Values(child)) yield return below;
        }
    }
}
