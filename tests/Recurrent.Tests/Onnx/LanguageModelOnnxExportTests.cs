using Google.Protobuf;
using Recurrent.Autograd;
using Recurrent.Onnx;
using Recurrent.Onnx.LanguageModel;
using Recurrent.Recurrence;
using Recurrent.Tasks.LanguageModel;
using Recurrent.Text;

namespace Recurrent.Tests.Onnx;

/// <summary>
/// Tiny language models built in code with seeded weights, exported to ONNX and run by ONNX Runtime: the sequence model on a
/// padded batch of unequal lengths (the padding holds real token ids, which must not matter) gives the logits and final
/// states of <see cref="RecurrentLanguageModel.Forward"/> on each row alone, and a greedy generation loop through the step
/// model gives the tokens and logits of <see cref="LanguageModelStepper"/> (never &lt;pad&gt; or &lt;unk&gt;, as in
/// <c>rnn generate</c>), to 1e-5.
/// </summary>
public sealed class LanguageModelOnnxExportTests
{
    private static readonly string[] Tokens = ["<pad>", "<unk>", "\n", "a", "b", "c", "d", "e", "f", "g", "h", "i", "j"];

    /// <summary>Primes of lengths 5, 1 and 3.</summary>
    private static readonly long[][] Primes = [[3, 7, 2, 12, 5], [9], [4, 4, 11]];

    private const int GeneratedSteps = 5;

    public static TheoryData<string, LanguageModelOptions> LanguageModels => new()
    {
        { "lstm, 2 layers", Options(CellKind.Lstm) with { NumLayers = 2 } },
        { "gru reset-after", Options(CellKind.Gru) },
        { "gru reset-before, 2 layers", Options(CellKind.GruResetBefore) with { NumLayers = 2 } },
        { "elman tanh", Options(CellKind.Elman) },
        { "elman relu, 2 layers", Options(CellKind.Elman) with { Nonlinearity = Nonlinearity.Relu, NumLayers = 2 } },
        { "lstm, tied weights", Options(CellKind.Lstm) with { EmbeddingDimension = 4, TieWeights = true } },
    };

    [Theory]
    [MemberData(nameof(LanguageModels))]
    public void The_sequence_model_gives_the_logits_and_final_states_of_each_row_on_a_padded_batch(string name, LanguageModelOptions options)
    {
        var model = Model(options);
        var onnx = LanguageModelExport.Build(model);
        using var session = new OnnxLanguageModelSession(onnx.Sequence.ToByteArray(), onnx.Step.ToByteArray());
        var (logits, time, state) = session.Sequence(Primes, padding: (b, t) => (b * 5 + t * 3) % Tokens.Length);

        float difference = 0;
        int vocabulary = Tokens.Length, hidden = options.HiddenSize;
        for (int b = 0; b < Primes.Length; b++)
        {
            int length = Primes[b].Length;
            var (expected, expectedState) = Forward(model.Network, Primes[b]);
            for (int t = 0; t < length; t++)
                for (int v = 0; v < vocabulary; v++)
                    difference = Math.Max(difference, Math.Abs(logits[(b * time + t) * vocabulary + v] - expected.Value[t, v]));
            foreach (var (key, values) in new[] { ("state_h", expectedState.Hidden), ("state_c", expectedState.Cell) })
            {
                if (values is null)
                {
                    Assert.False(state.ContainsKey(key), $"{name}: a {key} output without a cell state");
                    continue;
                }
                for (int l = 0; l < options.NumLayers; l++)
                    for (int i = 0; i < hidden; i++)
                        difference = Math.Max(difference, Math.Abs(state[key][l, b, i] - values.Value[l, 0, i]));
            }
        }
        Assert.True(difference <= 1e-5f, $"{name}: max abs difference {difference}");
    }

    [Theory]
    [MemberData(nameof(LanguageModels))]
    public void Greedy_generation_in_onnx_runtime_follows_the_stepper(string name, LanguageModelOptions options)
    {
        var model = Model(options);
        var onnx = LanguageModelExport.Build(model);
        using var session = new OnnxLanguageModelSession(onnx.Sequence.ToByteArray(), onnx.Step.ToByteArray());
        var (generated, stepLogits) = session.Greedy(Primes, GeneratedSteps);

        int vocabulary = Tokens.Length;
        float difference = 0;
        var stepper = new LanguageModelStepper(model.Network);
        var logits = new float[vocabulary];
        for (int b = 0; b < Primes.Length; b++)
        {
            var state = stepper.Begin(1);
            foreach (long token in Primes[b]) state.Step([(int)token], logits);
            for (int s = 0; s < GeneratedSteps; s++)
            {
                int next = OnnxLanguageModelSession.ArgMax(logits, Vocabulary.PadIndex, Vocabulary.UnknownIndex);
                Assert.Equal(next, generated[b][s]);
                state.Step([next], logits);
                for (int v = 0; v < vocabulary; v++) difference = Math.Max(difference, Math.Abs(stepLogits[s][b * vocabulary + v] - logits[v]));
            }
        }
        Assert.True(difference <= 1e-5f, $"{name}: max abs difference {difference}");
    }

    [Fact]
    public void The_vocabulary_and_the_start_token_travel_in_the_metadata()
    {
        var onnx = LanguageModelExport.Build(Model(Options(CellKind.Gru)));
        using var session = new OnnxLanguageModelSession(onnx.Sequence.ToByteArray(), onnx.Step.ToByteArray());

        Assert.Equal(Tokens, System.Text.Json.JsonSerializer.Deserialize<string[]>(session.Metadata("vocabulary")));
        Assert.Equal(("char", "2", "0", "1"), (session.Metadata("level"), session.Metadata("start_id"), session.Metadata("pad_id"), session.Metadata("unk_id")));
        Assert.Equal(("Gru", "1", "4"), (session.Metadata("cell"), session.Metadata("num_layers"), session.Metadata("hidden_size")));
    }

    [Fact]
    public void The_onnx_checker_accepts_both_models_of_a_two_layer_lstm()
    {
        var model = Model(Options(CellKind.Lstm) with { NumLayers = 2 });
        string path = Path.Combine(Path.GetTempPath(), $"recurrent-onnx-lm-{Guid.NewGuid():N}.onnx");
        string stepPath = LanguageModelExport.Write(model, path);
        try
        {
            Assert.Equal(path[..^".onnx".Length] + ".step.onnx", stepPath);
            OnnxChecker.AssertValid(path, stepPath);
        }
        finally
        {
            File.Delete(path);
            File.Delete(stepPath);
        }
    }

    [Fact]
    public void A_jordan_language_model_is_refused_because_onnx_has_no_operator_for_it()
    {
        var refusal = Assert.Throws<OnnxExportException>(() => LanguageModelExport.Build(Model(Options(CellKind.Jordan))));
        Assert.StartsWith("Jordan networks have no ONNX operator", refusal.Message);
    }

    /// <summary>Logits [T, V] and the state after the row, from the network on the row alone (no padding, no tape).</summary>
    private static (Variable Logits, LanguageModelState State) Forward(RecurrentLanguageModel network, long[] row)
    {
        using var noTape = Tape.NoGrad();
        return network.Forward(Array.ConvertAll(row, id => (int)id), 1, row.Length);
    }

    private static TrainedLanguageModel Model(LanguageModelOptions options)
    {
        var network = new RecurrentLanguageModel(options, new Rng(18));
        network.Eval();
        return new TrainedLanguageModel(network, new Vocabulary(Tokens));
    }

    private static LanguageModelOptions Options(CellKind cell) => new()
    {
        VocabularySize = Tokens.Length, Cell = cell, EmbeddingDimension = 5, HiddenSize = 4, NumLayers = 1, Dropout = 0.3f,
    };
}
