using Recurrent.Tasks.Classification;
using Recurrent.Tasks.Translation;
using Recurrent.Tests.Onnx;

namespace Recurrent.Tests.EndToEnd;

/// <summary>
/// <c>rnn export DIR --onnx FILE</c> through the built program: the shared classifier's ONNX model, run by ONNX Runtime on the
/// token ids its own tokenizer and vocabulary make, gives the probabilities <c>rnn predict --json</c> prints; the shared
/// language model's two graphs generate in ONNX Runtime the text <c>rnn generate --temperature 0</c> prints; the shared
/// translator's encoder and decoder step translate greedily as <c>rnn translate --beam 1 --json</c> does; what cannot be
/// exported yet is refused with one line.
/// </summary>
[Collection(ParallelEndToEndCollection.Name)]
public sealed class ExportEndToEndTests(TrainedModels models) : IDisposable
{
    private static readonly string[] Texts = ["great phone, I love it", "terrible service", "the food was cold and the waiter never came back"];

    private readonly ScratchDirectory scratch = new("export");

    public void Dispose() => scratch.Dispose();

    [Fact]
    public void Export_onnx_writes_a_model_whose_probabilities_in_onnx_runtime_are_those_predict_prints()
    {
        string onnx = scratch.PathOf("reviews.onnx");
        var run = RnnProcess.Succeeds(["export", models.Classifier, "--onnx", onnx], scratch.Root);

        Assert.Equal($"Wrote {onnx} (ONNX opset 17): inputs tokens int64 [batch, time] and lengths int64 [batch], output probabilities " +
                     "float [batch, 2] of the labels 0, 1.", run.Output.TrimEnd());
        Assert.Equal(["reviews.onnx"], Directory.GetFiles(scratch.Root).Select(Path.GetFileName));
        var predictions = RnnProcess.Succeeds(["predict", models.Classifier, .. Texts, "--json"], scratch.Root).Json().AsArray();
        var reader = TextClassificationModel.Load(models.Classifier).Recurrent!;
        using var session = OnnxClassifierSession.FromFile(onnx);
        var probabilities = session.Probabilities(Texts.Select(text => Array.ConvertAll(reader.Read(text).Ids, id => (long)id)).ToList());

        Assert.Equal(["0", "1"], session.Labels);
        for (int n = 0; n < Texts.Length; n++)
            for (int c = 0; c < session.Labels.Length; c++)
            {
                double printed = (double)predictions[n]!["probabilities"]![session.Labels[c]]!;
                Assert.True(Math.Abs(probabilities[n][c] - printed) <= 1e-5, $"{Texts[n]}, label {session.Labels[c]}: ONNX {probabilities[n][c]}, rnn {printed}");
            }
    }

    [Fact]
    public void Export_onnx_of_a_language_model_writes_two_graphs_that_generate_the_text_generate_prints_at_temperature_0()
    {
        string onnx = scratch.PathOf("lm.onnx"), step = scratch.PathOf("lm.step.onnx");
        var run = RnnProcess.Succeeds(["export", models.LanguageModel, "--onnx", onnx], scratch.Root);

        using var session = OnnxLanguageModelSession.FromFiles(onnx, step);
        var vocabulary = System.Text.Json.JsonSerializer.Deserialize<string[]>(session.Metadata("vocabulary"))!;
        Assert.Equal($"Wrote {onnx} (ONNX opset 17, the whole sequence): inputs tokens int64 [batch, time] and lengths int64 [batch], outputs " +
                     $"logits float [batch, time, {vocabulary.Length}] and the final state_h, state_c [1, batch, 64].\n" +
                     $"Wrote {step} (one step): inputs token int64 [batch] and state_h, state_c, outputs logits float [batch, {vocabulary.Length}] " +
                     "and next_state_h, next_state_c.", run.Output.TrimEnd());
        Assert.Equal(["lm.onnx", "lm.step.onnx"], Directory.GetFiles(scratch.Root).Select(Path.GetFileName).Order());
        const string prime = "ROMEO:";
        string printed = RnnProcess.Succeeds(["generate", models.LanguageModel, "--prime", prime, "--length", "40", "--temperature", "0"], scratch.Root)
            .Output.TrimEnd('\n');
        var (tokens, _) = session.Greedy([prime.Select(c => (long)Array.IndexOf(vocabulary, c.ToString())).ToArray()], steps: 40);

        Assert.Equal(("char", printed), (session.Metadata("level"), prime + string.Concat(tokens[0].Select(id => vocabulary[id]))));
    }

    [Fact]
    public void Export_onnx_of_a_translator_writes_an_encoder_and_a_decoder_step_that_translate_as_translate_beam_1_does()
    {
        string[] sentences = ["Good morning.", "Where is the station?", "Thank you very much."];
        string onnx = scratch.PathOf("de.onnx"), step = scratch.PathOf("de.step.onnx");
        var run = RnnProcess.Succeeds(["export", models.Translator, "--onnx", onnx], scratch.Root);

        var translator = Translator.Load(models.Translator);
        int targets = translator.TargetVocabulary.Count;
        Assert.Equal($"Wrote {onnx} (ONNX opset 17, the encoder): inputs source int64 [batch, source_time] and source_lengths int64 [batch], " +
                     "outputs encoder_outputs, keys, state_h.\n" +
                     $"Wrote {step} (one decoder step, Bahdanau attention): inputs previous_token int64 [batch], state_h, encoder_outputs, keys, " +
                     $"source_lengths, outputs log_probabilities float [batch, {targets}], attention [batch, source_time], next_state_h.",
            run.Output.TrimEnd());
        var printed = RnnProcess.Succeeds(["translate", models.Translator, .. sentences, "--beam", "1", "--json"], scratch.Root).Json().AsArray();
        using var session = OnnxTranslatorSession.FromFiles(onnx, step);
        var targetTokens = System.Text.Json.JsonSerializer.Deserialize<string[]>(session.Metadata("target_vocabulary"))!;
        var sources = sentences.Select(sentence => Array.ConvertAll(translator.SourceVocabulary.Encode(translator.Tokenizer.Tokenize(sentence)), id => (long)id))
            .ToArray();
        var found = session.Greedy(sources, new TranslationSearchOptions().MaxLength, padding: (_, _) => 0);

        for (int n = 0; n < sentences.Length; n++)
        {
            var expected = printed[n]!["tokens"]!.AsArray().Select(token => (string)token!);
            Assert.Equal(expected, found[n].Tokens.Select(id => targetTokens[id]));
            int steps = found[n].Attention.Length;
            double score = (double)printed[n]!["score"]!;
            Assert.True(Math.Abs(found[n].LogProbability / steps - score) <= 1e-5, $"{sentences[n]}: ONNX {found[n].LogProbability / steps}, rnn {score}");
        }
    }

    [Fact]
    public void Export_refuses_a_jordan_language_model_in_one_line_and_writes_nothing()
    {
        string text = scratch.Write("hamlet.txt", string.Concat(Enumerable.Repeat("to be or not to be, that is the question.\n", 60)));
        string jordan = scratch.PathOf("jordan");
        RnnProcess.Succeeds(["train", "lm", "--data", text, "--model", "jordan", "--hidden", "8", "--layers", "1", "--epochs", "1", "--quiet",
            "--out", jordan], scratch.Root);

        string refusal = RnnProcess.FailsWithUsageError(["export", jordan, "--onnx", scratch.PathOf("jordan.onnx")], scratch.Root);
        Assert.Equal($"error: --onnx: {jordan}: Jordan networks have no ONNX operator (ONNX's RNN feeds back the hidden state, not the output); " +
                     "only Elman (rnn), LSTM and GRU layers can be exported.", refusal);
        Assert.Empty(Directory.GetFiles(scratch.Root, "*.onnx"));
    }

    [Fact]
    public void Export_without_onnx_is_a_usage_error_naming_the_option()
    {
        string error = RnnProcess.FailsWithUsageError(["export", models.Classifier], scratch.Root);
        Assert.Equal("error: --onnx FILE or --pytorch OUTDIR is required: say what to write, as in rnn export DIR --onnx model.onnx.", error);
    }

    [Fact]
    public void Export_refuses_a_baseline_saying_what_can_be_exported()
    {
        string baseline = scratch.PathOf("tfidf");
        RnnProcess.Succeeds(["train", "classify", "--data", BundledData.Yelp, "--baseline", "tfidf", "--out", baseline, "--quiet"], scratch.Root);

        string refusal = RnnProcess.FailsWithUsageError(["export", baseline, "--onnx", scratch.PathOf("tfidf.onnx")], scratch.Root);
        Assert.Equal($"error: --onnx: {baseline} is a tfidf baseline, not a recurrent network; rnn export --onnx exports the recurrent " +
                     "networks of rnn train classify, tag, forecast, lm and translate.", refusal);
        Assert.False(File.Exists(scratch.PathOf("tfidf.onnx")), "a refused export wrote a file");
    }
}
