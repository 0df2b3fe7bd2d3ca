using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Recurrent.Tests.Onnx;

/// <summary>
/// An exported translator run by ONNX Runtime, as docs/interop.md shows it: <see cref="Greedy"/> runs the encoder once on
/// the padded source sentences and then the decoder step once per target token, feeding each step's next_* outputs back as
/// its inputs, until every row has produced &lt;eos&gt; or reached its length limit.
/// </summary>
internal sealed class OnnxTranslatorSession(byte[] encoder, byte[] decoderStep) : IDisposable
{
    private readonly InferenceSession encoderSession = new(encoder);
    private readonly InferenceSession stepSession = new(decoderStep);

    public static OnnxTranslatorSession FromFiles(string encoderPath, string stepPath) =>
        new(File.ReadAllBytes(encoderPath), File.ReadAllBytes(stepPath));

    /// <summary>The decoder step's metadata entry <paramref name="key"/>.</summary>
    public string Metadata(string key) => stepSession.ModelMetadata.CustomMetadataMap[key];

    /// <summary>A translation found greedily: target ids without &lt;bos&gt;/&lt;eos&gt;, log P (with the &lt;eos&gt;), and each step's attention row.</summary>
    public sealed record Hypothesis(long[] Tokens, double LogProbability, float[][] Attention);

    /// <summary>
    /// Greedy decoding of source id rows (padded with <paramref name="padding"/>(row, step)): at each step the most likely
    /// token other than &lt;pad&gt; and &lt;bos&gt;; a row ends at &lt;eos&gt; or after <paramref name="maxLength"/>(its source length) tokens.
    /// </summary>
    public Hypothesis[] Greedy(IReadOnlyList<long[]> sources, Func<int, int> maxLength, Func<int, int, long> padding)
    {
        int batch = sources.Count;
        long pad = long.Parse(Metadata("pad_id")), bos = long.Parse(Metadata("bos_id")), eos = long.Parse(Metadata("eos_id"));
        var (source, lengths) = PaddedIds.Of(sources, padding);
        var carried = new Dictionary<string, NamedOnnxValue>();             // encoder_outputs, keys, source_lengths, state_h, state_c, fed
        using (var encoded = encoderSession.Run([NamedOnnxValue.CreateFromTensor("source", source), NamedOnnxValue.CreateFromTensor("source_lengths", lengths)]))
            foreach (var output in encoded) carried[output.Name] = Copy(output.Name, output.AsTensor<float>());
        carried["source_lengths"] = NamedOnnxValue.CreateFromTensor("source_lengths", lengths);

        var tokens = Enumerable.Range(0, batch).Select(_ => new List<long>()).ToArray();
        var attentionRows = Enumerable.Range(0, batch).Select(_ => new List<float[]>()).ToArray();
        var logProbability = new double[batch];
        var done = new bool[batch];
        var previous = new DenseTensor<long>([batch]);
        for (int b = 0; b < batch; b++) previous[b] = bos;
        for (int step = 1; !done.All(d => d); step++)
        {
            var inputs = stepSession.InputMetadata.Keys.Where(name => name != "previous_token").Select(name => carried[name]).ToList();
            inputs.Add(NamedOnnxValue.CreateFromTensor("previous_token", previous));
            using var results = stepSession.Run(inputs);
            var logP = results.Single(result => result.Name == "log_probabilities").AsTensor<float>();       // [batch, target vocabulary]
            var attention = results.SingleOrDefault(result => result.Name == "attention")?.AsTensor<float>(); // [batch, source_time]
            for (int b = 0; b < batch; b++)
            {
                if (done[b]) continue;
                int best = -1;
                for (int v = 0; v < logP.Dimensions[1]; v++)
                    if (v != pad && v != bos && (best < 0 || logP[b, v] > logP[b, best])) best = v;
                logProbability[b] += logP[b, best];
                if (attention is not null) attentionRows[b].Add(Enumerable.Range(0, sources[b].Length).Select(i => attention[b, i]).ToArray());
                if (best != eos) tokens[b].Add(best);
                done[b] = best == eos || step >= maxLength(sources[b].Length);
                previous[b] = best;
            }
            foreach (var output in results.Where(result => result.Name.StartsWith("next_")))
                carried[output.Name["next_".Length..]] = Copy(output.Name["next_".Length..], output.AsTensor<float>());
        }
        return Enumerable.Range(0, batch).Select(b => new Hypothesis(tokens[b].ToArray(), logProbability[b], attentionRows[b].ToArray())).ToArray();
    }

    private static NamedOnnxValue Copy(string name, Tensor<float> tensor) =>
        NamedOnnxValue.CreateFromTensor(name, new DenseTensor<float>(tensor.ToArray(), tensor.Dimensions.ToArray()));

    public void Dispose()
    {
        encoderSession.Dispose();
        stepSession.Dispose();
    }
}
