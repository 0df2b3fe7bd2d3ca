using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Recurrent.Tasks.Tagging;
using Recurrent.Text;

namespace Recurrent.Tests.Onnx;

/// <summary>
/// An exported tagger run by ONNX Runtime, as docs/interop.md shows it: each sentence's word ids, characters, word lengths and
/// casings made from its tokens with the model's vocabularies, padded to the longest sentence and word; the emissions it
/// returns, and the tags of each sentence decoded from them (<see cref="Viterbi"/> with a CRF, else the best tag per token).
/// </summary>
internal sealed class OnnxTaggerSession(byte[] model) : IDisposable
{
    private readonly InferenceSession session = new(model);

    public static OnnxTaggerSession FromFile(string path) => new(File.ReadAllBytes(path));

    /// <summary>The tags in id order, from the model's metadata.</summary>
    public string[] Tags => System.Text.Json.JsonSerializer.Deserialize<string[]>(session.ModelMetadata.CustomMetadataMap["tags"])!;

    public IEnumerable<string> InputNames => session.InputMetadata.Keys;

    public IEnumerable<string> OutputNames => session.OutputMetadata.Keys;

    /// <summary>
    /// Runs the model on the tokenised <paramref name="sentences"/>; <paramref name="padding"/> gives the id written at (row,
    /// step) past a sentence's length and past a word's characters (anything there must not matter).
    /// </summary>
    public TaggerOutputs Run(IReadOnlyList<IReadOnlyList<string>> sentences, TaggingVocabulary vocabulary, Func<int, int, long> padding)
    {
        int batch = sentences.Count, time = sentences.Max(s => s.Count);
        var characterIds = sentences.Select(s => s.Select(token => vocabulary.Characters.Encode(new CharacterTokenizer().Tokenize(token))).ToArray()).ToArray();
        int chars = characterIds.Max(s => s.Max(word => word.Length));
        var tokens = new DenseTensor<long>([batch, time]);
        var lengths = new DenseTensor<long>([batch]);
        var characters = new DenseTensor<long>([batch, time, chars]);
        var wordLengths = new DenseTensor<long>([batch, time]);
        var casings = new DenseTensor<long>([batch, time]);
        for (int b = 0; b < batch; b++)
        {
            lengths[b] = sentences[b].Count;
            var words = vocabulary.EncodeWords(sentences[b]);
            for (int t = 0; t < time; t++)
            {
                bool real = t < sentences[b].Count;
                tokens[b, t] = real ? words[t] : padding(b, t) % vocabulary.Words.Count;
                casings[b, t] = real ? (long)WordCasings.Of(sentences[b][t]) : padding(b, t) % WordCasings.Count;
                wordLengths[b, t] = real ? characterIds[b][t].Length : 0;
                for (int c = 0; c < chars; c++)
                    characters[b, t, c] = real && c < characterIds[b][t].Length ? characterIds[b][t][c] : padding(b, t + c) % vocabulary.Characters.Count;
            }
        }
        var inputs = new List<NamedOnnxValue> { NamedOnnxValue.CreateFromTensor("tokens", tokens), NamedOnnxValue.CreateFromTensor("lengths", lengths) };
        if (session.InputMetadata.ContainsKey("characters"))
            inputs.AddRange([NamedOnnxValue.CreateFromTensor("characters", characters), NamedOnnxValue.CreateFromTensor("word_lengths", wordLengths)]);
        if (session.InputMetadata.ContainsKey("casings")) inputs.Add(NamedOnnxValue.CreateFromTensor("casings", casings));
        using var results = session.Run(inputs);
        float[] Output(string name) => results.Single(result => result.Name == name).AsTensor<float>().ToArray();
        int tags = Tags.Length;
        float[][,] BySentence(float[] values) => Enumerable.Range(0, batch).Select(b =>
        {
            var rows = new float[sentences[b].Count, tags];
            for (int t = 0; t < sentences[b].Count; t++)
                for (int k = 0; k < tags; k++) rows[t, k] = values[(b * time + t) * tags + k];
            return rows;
        }).ToArray();
        bool crf = session.OutputMetadata.ContainsKey("transitions");
        return new TaggerOutputs(BySentence(Output("emissions")), crf ? null : BySentence(Output("probabilities")),
            crf ? Output("transitions") : null, crf ? Output("start_transitions") : null, crf ? Output("end_transitions") : null);
    }

    /// <summary>
    /// The best tag path of one sentence's emissions [L, K] under the CRF's transitions [K·K] (row i: from tag i), start and
    /// end scores [K], −∞ where forbidden: docs/interop.md's Viterbi, the decoding <c>rnn tag</c> does.
    /// </summary>
    public static int[] Viterbi(float[,] emissions, float[] transitions, float[] start, float[] end)
    {
        int length = emissions.GetLength(0), tags = emissions.GetLength(1);
        var best = new float[tags];                 // the best score of a path ending in each tag at step t
        var backPointers = new int[length, tags];   // the tag before it on that path
        for (int j = 0; j < tags; j++) best[j] = start[j] + emissions[0, j];
        for (int t = 1; t < length; t++)
        {
            var next = new float[tags];
            for (int j = 0; j < tags; j++)
            {
                float bestScore = float.NegativeInfinity;
                for (int i = 0; i < tags; i++)
                {
                    float score = best[i] + transitions[i * tags + j];
                    if (score > bestScore) (bestScore, backPointers[t, j]) = (score, i);
                }
                next[j] = bestScore + emissions[t, j];
            }
            best = next;
        }
        var path = new int[length];
        for (int j = 1; j < tags; j++)
            if (best[j] + end[j] > best[path[length - 1]] + end[path[length - 1]]) path[length - 1] = j;
        for (int t = length - 1; t > 0; t--) path[t - 1] = backPointers[t, path[t]];
        return path;
    }

    public void Dispose() => session.Dispose();
}

/// <summary>What an exported tagger gives for a batch: per sentence [L, K] emissions (and probabilities of a softmax
/// tagger); a CRF tagger's transitions [K·K], start and end scores [K].</summary>
internal sealed record TaggerOutputs(float[][,] Emissions, float[][,]? Probabilities, float[]? Transitions, float[]? Start, float[]? End)
{
    /// <summary>The tag ids of each sentence: Viterbi with the CRF's scores, else the best tag of each token.</summary>
    public int[][] Paths() => Emissions.Select(emissions => Transitions is null
        ? Enumerable.Range(0, emissions.GetLength(0)).Select(t => Enumerable.Range(0, emissions.GetLength(1)).MaxBy(k => emissions[t, k])).ToArray()
        : OnnxTaggerSession.Viterbi(emissions, Transitions, Start!, End!)).ToArray();
}
