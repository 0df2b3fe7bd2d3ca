using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Recurrent.Tests.Onnx;

/// <summary>
/// An exported language model run by ONNX Runtime, as docs/interop.md shows it: the sequence model reads padded primes once
/// and gives every step's logits and each row's state after its prime; the step model then feeds one token per row with the
/// state the step before returned (<see cref="Greedy"/> is the documented generation loop).
/// </summary>
internal sealed class OnnxLanguageModelSession(byte[] sequence, byte[] step) : IDisposable
{
    private readonly InferenceSession sequenceSession = new(sequence);
    private readonly InferenceSession stepSession = new(step);

    public static OnnxLanguageModelSession FromFiles(string sequencePath, string stepPath) =>
        new(File.ReadAllBytes(sequencePath), File.ReadAllBytes(stepPath));

    /// <summary>The step model's metadata entry <paramref name="key"/>.</summary>
    public string Metadata(string key) => stepSession.ModelMetadata.CustomMetadataMap[key];

    /// <summary>What the sequence model gives for ragged rows padded with <paramref name="padding"/>(row, step): logits [B, T, V] and the states.</summary>
    public (float[] Logits, int Time, Dictionary<string, DenseTensor<float>> State) Sequence(IReadOnlyList<long[]> ids, Func<int, int, long> padding)
    {
        var (tokens, lengths) = PaddedIds.Of(ids, padding);
        int time = tokens.Dimensions[1];
        using var results = sequenceSession.Run([NamedOnnxValue.CreateFromTensor("tokens", tokens), NamedOnnxValue.CreateFromTensor("lengths", lengths)]);
        var state = results.Where(result => result.Name.StartsWith("state_")).ToDictionary(result => result.Name, result => Copy(result.AsTensor<float>()));
        return (results.Single(result => result.Name == "logits").AsTensor<float>().ToArray(), time, state);
    }

    /// <summary>
    /// Greedy generation as <c>rnn generate --temperature 0</c> does it: the primes through the sequence model (padded with 0),
    /// then <paramref name="steps"/> tokens per row, each the highest-scoring one other than &lt;pad&gt; and &lt;unk&gt;, fed back
    /// through the step model. Returns each row's tokens and the logits [B, V] of each step.
    /// </summary>
    public (long[][] Tokens, float[][] Logits) Greedy(IReadOnlyList<long[]> primes, int steps)
    {
        int pad = int.Parse(Metadata("pad_id")), unknown = int.Parse(Metadata("unk_id"));
        var (logits, time, state) = Sequence(primes, padding: (_, _) => 0);
        int batch = primes.Count, vocabulary = logits.Length / (batch * time);
        var scores = Enumerable.Range(0, batch)                                        // each row's logits after its last prime token
            .SelectMany(b => logits.AsSpan(((b * time) + primes[b].Length - 1) * vocabulary, vocabulary).ToArray()).ToArray();
        var generated = Enumerable.Range(0, batch).Select(_ => new long[steps]).ToArray();
        var stepLogits = new float[steps][];
        for (int s = 0; s < steps; s++)
        {
            var token = new DenseTensor<long>([batch]);
            for (int b = 0; b < batch; b++)
                token[b] = generated[b][s] = ArgMax(scores.AsSpan(b * vocabulary, vocabulary), pad, unknown);
            var inputs = new List<NamedOnnxValue> { NamedOnnxValue.CreateFromTensor("token", token) };
            inputs.AddRange(state.Select(entry => NamedOnnxValue.CreateFromTensor(entry.Key, entry.Value)));
            using var results = stepSession.Run(inputs);
            scores = stepLogits[s] = results.Single(result => result.Name == "logits").AsTensor<float>().ToArray();
            state = results.Where(result => result.Name.StartsWith("next_"))
                .ToDictionary(result => result.Name["next_".Length..], result => Copy(result.AsTensor<float>()));
        }
        return (generated, stepLogits);
    }

    /// <summary>The first token of the highest score, never <paramref name="pad"/> or <paramref name="unknown"/>.</summary>
    public static int ArgMax(ReadOnlySpan<float> scores, int pad, int unknown)
    {
        int best = -1;
        for (int v = 0; v < scores.Length; v++)
            if (v != pad && v != unknown && (best < 0 || scores[v] > scores[best])) best = v;
        return best;
    }

    private static DenseTensor<float> Copy(Tensor<float> tensor) => new(tensor.ToArray(), tensor.Dimensions.ToArray());

    public void Dispose()
    {
        sequenceSession.Dispose();
        stepSession.Dispose();
    }
}
