using System.Text.Json;
using Onnx;
using Recurrent.Layers;
using Recurrent.Onnx.Graph;
using Recurrent.Onnx.Recurrence;
using Recurrent.Tasks.Tagging;
using Recurrent.Tensors;
using DataType = Onnx.TensorProto.Types.DataType;

namespace Recurrent.Onnx.Tagging;

/// <summary>
/// A <see cref="Tagger"/> as an ONNX model that computes <see cref="TaggingModel.Emissions(TaggingBatch)"/>:
/// <list type="bullet">
/// <item>inputs <c>tokens</c> int64 [batch, time] (word ids, <see cref="TaggingVocabulary.EncodeWords"/>) and <c>lengths</c>
/// int64 [batch] (each in [1, time]; anything after a row's length);</item>
/// <item>with a character encoder, <c>characters</c> int64 [batch, time, chars] (each token's character ids as
/// <see cref="CharacterBatch"/> encodes them, anything past the word's length) and <c>word_lengths</c> int64 [batch, time]
/// (each token's number of characters; anything at padded tokens);</item>
/// <item>with the casing feature, <c>casings</c> int64 [batch, time] (<see cref="WordCasings.Of"/> of each token);</item>
/// <item>output <c>emissions</c> float [batch, time, tags], tags in the order of the metadata's "tags"; a softmax tagger also
/// outputs <c>probabilities</c> (the softmax over the tags), a CRF tagger <c>transitions</c> [tags, tags],
/// <c>start_transitions</c> [tags] and <c>end_transitions</c> [tags] with −∞ where the tag scheme forbids the step, the
/// scores that Viterbi decoding (<see cref="Crf.Decode"/>, a post-step outside the graph) reads.</item>
/// </list>
/// The graph: Gather (word embedding) ⊕ the character features (CNN: Gather, zeros past each word's length, Conv, the maximum
/// over the word's own characters; LSTM: Gather, a bidirectional LSTM node over each word's characters with sequence_lens,
/// its final states) ⊕ the one-hot casing → Transpose to time-major → one bidirectional LSTM/GRU/RNN node per layer with
/// sequence_lens → MatMul + Add (the output layer).
/// </summary>
public static class TaggerExport
{
    /// <summary>Throws <see cref="OnnxExportException"/> when a part of the network has no ONNX form.</summary>
    public static void CheckExportable(TaggingModel network) => RecurrentLayerExport.CheckExportable(network.Encoder.Options);

    /// <summary>The ONNX model of <paramref name="tagger"/>'s network, its tags and scheme in the metadata.</summary>
    public static ModelProto Build(Tagger tagger)
    {
        ArgumentNullException.ThrowIfNull(tagger);
        var network = tagger.Network;
        var options = network.Options;
        CheckExportable(network);
        var graph = new OnnxGraph("tagger");
        string tokens = graph.Input("tokens", DataType.Int64, "batch", "time");
        string lengths = graph.Input("lengths", DataType.Int64, "batch");

        var features = new List<string>                                                                // [B, T, ·] each
        {
            graph.Node("Gather", "word_embedding", [Parameter(graph, network, "word_embedding.weight"), tokens], OnnxGraph.Attribute("axis", 0L)),
        };
        if (network.CharacterEncoder is { } characterEncoder)
        {
            string characters = graph.Input("characters", DataType.Int64, "batch", "time", "chars");
            string wordLengths = graph.Input("word_lengths", DataType.Int64, "batch", "time");
            features.Add(CharacterFeatures(graph, network, characterEncoder, tokens, characters, wordLengths));
        }
        if (options.Casing)
        {
            string casings = graph.Input("casings", DataType.Int64, "batch", "time");
            features.Add(graph.Node("Gather", "casing_one_hot", [graph.Initializer("casing_identity", Identity(WordCasings.Count)), casings],
                OnnxGraph.Attribute("axis", 0L)));
        }
        string x = features.Count == 1 ? features[0] : graph.Node("Concat", "token_features", features, OnnxGraph.Attribute("axis", 2L));

        string timeMajor = graph.SwapLeadingAxes(x, "token_features_time_major");
        string sequenceLengths = RecurrentLayerExport.SequenceLengths(graph, lengths);
        var encoded = RecurrentLayerExport.Add(graph, network.Encoder, timeMajor, sequenceLengths);             // [T, B, 2H]
        string h = graph.SwapLeadingAxes(encoded.Output, "encoded"); // [B, T, 2H]
        string emissions = graph.Node("Add", "emissions",
            [graph.Node("MatMul", "output_product", [h, Transposed(graph, network, "output.weight")]), Parameter(graph, network, "output.bias")]);
        graph.Output(emissions, DataType.Float, "batch", "time", options.TagCount);
        if (network.Crf is { } crf) AddTransitionScores(graph, crf);
        else
            graph.Output(graph.Node("Softmax", "probabilities", [emissions], OnnxGraph.Attribute("axis", 2L)), DataType.Float, "batch", "time",
                options.TagCount);

        var model = graph.ToModel($"Recurrent tagger ({options.Cell}, {(options.Characters is { } c ? $"character {c.Kind}" : "no characters")}" +
            $"{(options.Casing ? ", casing" : "")}, {(options.Crf ? "CRF" : "softmax")}): emissions [batch, time, {options.TagCount}] of the " +
            $"tags {string.Join(", ", tagger.Vocabulary.Tags)}.");
        Metadata(model, "tags", JsonSerializer.Serialize(tagger.Vocabulary.Tags));
        Metadata(model, "scheme", Tagger.SchemeName(tagger.Scheme));
        Metadata(model, "decoding", options.Crf ? "viterbi" : "argmax");
        Metadata(model, "word_key", "lowercase, digits as 0");
        return model;
    }

    /// <summary>Writes the model of <paramref name="tagger"/> to <paramref name="path"/> atomically (the directory must exist).</summary>
    public static void Write(Tagger tagger, string path)
    {
        var model = Build(tagger);
        OnnxGraph.Write(model, path);
    }

    /// <summary>The character encoder's features of every token, [B, T, F], from characters [B, T, C] and word lengths [B, T].</summary>
    private static string CharacterFeatures(OnnxGraph graph, TaggingModel network, ICharacterEncoder encoder, string tokens, string characters,
        string wordLengths)
    {
        // Every token as a word of its own: [B·T, C] (the batch's repeated words are encoded again, with the same result).
        string charactersShape = graph.Node("Shape", "characters_shape", [characters]);
        string flatRows = graph.Node("Reshape", "word_rows", [characters,
            graph.Node("Concat", "word_rows_shape", [graph.Int64s("minus_one", [-1]),
                graph.Node("Slice", "chars_dim", [charactersShape, graph.Int64s("start", [2]), graph.Int64s("end", [3])])],
                OnnxGraph.Attribute("axis", 0L))]);                                                                               // [N, C]
        // Padded tokens may say 0 characters; they read one, which nothing downstream uses.
        string lengthsPerWord = graph.Node("Max", "word_lengths_at_least_one",
            [graph.Node("Reshape", "word_lengths_flat", [wordLengths, graph.Int64s("shape", [-1])]), graph.Int64s("one", [1])]);  // [N]
        string embedded = graph.Node("Gather", "character_embedding",
            [Parameter(graph, network, "char_encoder.embedding.weight"), flatRows], OnnxGraph.Attribute("axis", 0L));             // [N, C, E]
        string wordFeatures = encoder switch
        {
            CharacterLstmEncoder lstm => CharacterLstm(graph, lstm, embedded, lengthsPerWord),
            _ => CharacterCnn(graph, network, embedded, flatRows, lengthsPerWord),
        };                                                                                                                          // [N, F]
        string tokensShape = graph.Node("Shape", "tokens_shape", [tokens]);
        string featureShape = graph.Node("Concat", "character_features_shape",
            [tokensShape, graph.Int64s("features", [encoder.OutputSize])], OnnxGraph.Attribute("axis", 0L));
        return graph.Node("Reshape", "character_features", [wordFeatures, featureShape]);                                         // [B, T, F]
    }

    /// <summary>
    /// <see cref="CharacterCnnEncoder"/>: embeddings [N, C, E] zeroed past each word's length → Conv (padding (K − 1) / 2) →
    /// the maximum over the word's own characters, [N, F].
    /// </summary>
    private static string CharacterCnn(OnnxGraph graph, TaggingModel network, string embedded, string rows, string lengthsPerWord)
    {
        string rowsShape = graph.Node("Shape", "word_rows_shape", [rows]);
        string characterCount = graph.Node("Gather", "chars", [rowsShape, graph.Int64s("index", [1], scalar: true)], OnnxGraph.Attribute("axis", 0L));
        string positions = graph.Node("Range", "character_positions",
            [graph.Int64s("zero", [0], scalar: true), characterCount, graph.Int64s("one", [1], scalar: true)]);                 // [C]
        string realCharacters = graph.Node("Less", "real_characters",
            [graph.Node("Unsqueeze", "character_positions_row", [positions, graph.Int64s("axes", [0])]),                          // [1, C]
             graph.Node("Unsqueeze", "word_lengths_column", [lengthsPerWord, graph.Int64s("axes", [1])])]);                      // [N, C]
        string mask = graph.Node("Cast", "real_characters_float",
            [graph.Node("Unsqueeze", "real_characters_column", [realCharacters, graph.Int64s("axes", [2])])],
            OnnxGraph.Attribute("to", (long)DataType.Float));                                                                     // [N, C, 1]
        string zeroed = graph.Node("Mul", "character_embedding_masked", [embedded, mask]);
        string channelsFirst = graph.Node("Transpose", "character_channels", [zeroed], OnnxGraph.Attribute("perm", new long[] { 0, 2, 1 })); // [N, E, C]
        var weight = network.GetParameter("char_encoder.conv.weight").Value;                                                     // [F, E, K]
        long padding = weight.Dim(2) / 2;
        string filtered = graph.Node("Conv", "character_conv",
            [channelsFirst, graph.Initializer("char_encoder.conv.weight", weight), Parameter(graph, network, "char_encoder.conv.bias")],
            OnnxGraph.Attribute("pads", new[] { padding, padding }));                                                             // [N, F, C]
        string maskedFiltered = graph.Node("Where", "character_conv_masked",
            [graph.Node("Unsqueeze", "real_characters_channels", [realCharacters, graph.Int64s("axes", [1])]), filtered,
             graph.Scalar("masked_value", OnnxGraph.MaskedValue)]);
        return graph.Node("ReduceMax", "character_max", [maskedFiltered], OnnxGraph.Attribute("axes", new long[] { 2 }), OnnxGraph.Attribute("keepdims", 0L));
    }

    /// <summary><see cref="CharacterLstmEncoder"/>: embeddings [N, C, E] → bidirectional LSTM over each word's characters → [h→; h←], [N, F].</summary>
    private static string CharacterLstm(OnnxGraph graph, CharacterLstmEncoder encoder, string embedded, string lengthsPerWord)
    {
        string timeMajor = graph.SwapLeadingAxes(embedded, "character_embedding_time_major");
        string sequenceLengths = graph.Node("Cast", "word_sequence_lens", [lengthsPerWord], OnnxGraph.Attribute("to", (long)DataType.Int32));
        var encoded = RecurrentLayerExport.Add(graph, encoder.Lstm, timeMajor, sequenceLengths);                                 // Y_h [2, N, F/2]
        string batchMajor = graph.SwapLeadingAxes(encoded.FinalHidden, "character_final_states");
        return graph.Node("Reshape", "character_lstm_features", [batchMajor, graph.Int64s("shape", [0, -1])]);                    // [N, F]
    }

    /// <summary>The CRF's scores as constant outputs, −∞ where its constraints forbid the transition, start or end.</summary>
    private static void AddTransitionScores(OnnxGraph graph, Crf crf)
    {
        int k = crf.Options.Tags;
        var constraints = crf.Constraints;
        var transitions = new float[k * k];
        var start = new float[k];
        var end = new float[k];
        for (int i = 0; i < k; i++)
        {
            start[i] = constraints.IsAllowedStart(i) ? crf.StartTransitions.Value.ReadOnlySpan[i] : float.NegativeInfinity;
            end[i] = constraints.IsAllowedEnd(i) ? crf.EndTransitions.Value.ReadOnlySpan[i] : float.NegativeInfinity;
            for (int j = 0; j < k; j++)
                transitions[i * k + j] = constraints.IsAllowed(i, j) ? crf.Transitions.Value.ReadOnlySpan[i * k + j] : float.NegativeInfinity;
        }
        (string Name, float[] Values, int[] Shape)[] scores =
            [("transitions", transitions, [k, k]), ("start_transitions", start, [k]), ("end_transitions", end, [k])];
        foreach (var (name, values, shape) in scores)
        {
            string output = graph.Node("Identity", name, [graph.Initializer($"crf.{name}", values, shape)]);
            graph.Output(output, DataType.Float, shape.Cast<object>().ToArray());
        }
    }

    private static string Parameter(OnnxGraph graph, TaggingModel network, string name) =>
        graph.Initializer(name, network.GetParameter(name).Value);

    /// <summary>The weight [out, in] of a Linear module as an initializer Wᵀ [in, out], for MatMul on [B, T, in].</summary>
    private static string Transposed(OnnxGraph graph, TaggingModel network, string parameter)
    {
        var weight = network.GetParameter(parameter).Value;
        int rows = weight.Dim(0), columns = weight.Dim(1);
        var transposed = new Tensor(columns, rows);
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < columns; j++)
                transposed.Span[j * rows + i] = weight.ReadOnlySpan[i * columns + j];
        return graph.Initializer(parameter + "_transposed", transposed);
    }

    /// <summary>The identity matrix [n, n]: its rows are the one-hot vectors.</summary>
    private static Tensor Identity(int n)
    {
        var identity = new Tensor(n, n);
        for (int i = 0; i < n; i++) identity.Span[i * n + i] = 1f;
        return identity;
    }

    private static void Metadata(ModelProto model, string key, string value) =>
        model.MetadataProps.Add(new StringStringEntryProto { Key = key, Value = value });
}
