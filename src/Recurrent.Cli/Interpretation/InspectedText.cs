using System.Globalization;
using Recurrent.Autograd;
using Recurrent.Interpretation;
using Recurrent.Layers;
using Recurrent.Recurrence;
using Recurrent.Tensors;
using Recurrent.Serialization;
using Recurrent.Tasks.Classification;
using Recurrent.Tasks.LanguageModel;
using Recurrent.Tasks.Tagging;
using Recurrent.Tasks.Translation;

namespace Recurrent.Cli.Interpretation;

/// <summary>
/// What <c>rnn inspect</c> shows of one text read by a saved model: the states and gates of its recurrent layer
/// (<see cref="StateInspection"/>), the model's answer, and for a classifier that pools with attention the weights over the tokens.
/// </summary>
/// <param name="Model">the model in words, e.g. "lstm classifier, 1 layer × 32 units, pooling attention".</param>
/// <param name="Inspection">the recurrent layer's states and gates over the text's tokens.</param>
/// <param name="Answer">the model's output for the text ("label 1, probability 0.93", the tags), or null for a language model.</param>
/// <param name="Attention">[T] the attention pooling weights of a classifier that pools with attention, else null.</param>
internal sealed record InspectedText(string Model, StateInspection Inspection, string? Answer, IReadOnlyList<double>? Attention)
{
    /// <summary>Runs the model saved in <paramref name="directory"/> on <paramref name="text"/>: a classifier, a tagger or a language model.</summary>
    /// <exception cref="UsageException">the directory holds a baseline, a translator or a forecaster, or the text has no tokens.</exception>
    public static InspectedText Of(string directory, string text)
    {
        string task = ModelDirectory.Open(directory).Config.Task;
        return task switch
        {
            TextClassificationModel.TaskName => OfClassifier(directory, text),
            Tagger.TaskName => OfTagger(directory, text),
            TrainedLanguageModel.TaskName => OfLanguageModel(directory, text),
            Translator.TaskName => throw new UsageException($"{directory}: rnn inspect reads classifiers, taggers and language models, but this " +
                $"is a translator; see where it looks with rnn translate {directory} \"{text}\" --show-attention."),
            _ => throw new UsageException($"{directory}: rnn inspect reads classifiers, taggers and language models, but this is a '{task}' model."),
        };
    }

    /// <summary>
    /// The recurrent classifier saved in <paramref name="directory"/> and the tokens of <paramref name="text"/> with their ids as it
    /// reads them (tokenized, cut to its length limit): what <c>rnn inspect</c> and <c>rnn gradient-flow</c> run a classifier on.
    /// </summary>
    /// <param name="directory">the model directory.</param>
    /// <param name="text">the text to read.</param>
    /// <param name="purpose">what the recurrent layer is needed for, e.g. "states or gates to inspect".</param>
    /// <param name="command">the command, e.g. "rnn inspect", for the example in a refusal.</param>
    /// <exception cref="UsageException">the directory holds a baseline, or the text has no tokens.</exception>
    public static (TextClassificationModel Model, TextClassifier Network, IReadOnlyList<string> Tokens, int[] Ids) ReadByClassifier(
        string directory, string text, string purpose, string command)
    {
        var model = TextClassificationModel.Load(directory);
        var classifier = model.Recurrent ?? throw new UsageException($"{directory}: this is a {model.Kind} baseline, which has no recurrent " +
            $"layer and so no {purpose}; give a model trained without --baseline.");
        var (tokens, ids) = classifier.Encode(text);
        if (ids.Length == 0) throw NoTokens(text, command);
        return (model, classifier.Network, tokens, ids);
    }

    /// <summary>"lstm classifier, 1 layer × 32 units, pooling max".</summary>
    public static string Describe(TextClassifier network) =>
        $"{Describe(network.Encoder, "classifier")}, pooling {network.Options.Pooling.ToString().ToLowerInvariant()}";

    private static InspectedText OfClassifier(string directory, string text)
    {
        var (model, network, tokens, ids) = ReadByClassifier(directory, text, "states or gates to inspect", "rnn inspect");
        var inspection = StateInspection.Of(network, ids, tokens);
        var attention = network.AttentionWeights(ids, 1, ids.Length, [ids.Length]);
        var prediction = model.Predict(text);
        return new InspectedText(Describe(network), inspection,
            $"label {prediction.Label}, probability {prediction.Probability.ToString("0.000", CultureInfo.InvariantCulture)}",
            attention?.ReadOnlySpan.ToArray().Select(weight => (double)weight).ToList());
    }

    private static InspectedText OfTagger(string directory, string text)
    {
        var tagger = Tagger.Load(directory);
        var tokens = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (tokens.Length == 0) throw NoTokens(text, "rnn inspect");
        var network = tagger.Network;
        var batch = new TaggingBatches([tokens], null, tagger.Vocabulary, network.Options.Characters is not null, 1).Gather([0]);
        Tensor features;
        using (Tape.NoGrad())
        using (Module.Evaluating())
            features = network.TokenFeatures(batch).Value; // [1, T, F]
        var inspection = StateInspection.Of(network.Encoder, features, tokens);
        var tags = tagger.Tag([tokens])[0];
        return new InspectedText(Describe(network.Encoder, "tagger"), inspection,
            "tags " + string.Join(' ', tokens.Select((token, t) => $"{token}/{tags[t]}")), null);
    }

    /// <summary>The language model saved in <paramref name="directory"/> and the tokens of <paramref name="text"/> with their ids.</summary>
    /// <param name="directory">the model directory.</param>
    /// <param name="text">the text to read.</param>
    /// <param name="command">the command, e.g. "rnn inspect", for the example in a refusal.</param>
    /// <exception cref="UsageException">the text has no tokens.</exception>
    public static (TrainedLanguageModel Model, IReadOnlyList<string> Tokens, int[] Ids) ReadByLanguageModel(string directory, string text, string command)
    {
        var model = TrainedLanguageModel.Load(directory);
        var tokens = model.Tokenizer.Tokenize(text);
        if (tokens.Count == 0) throw NoTokens(text, command);
        return (model, tokens, model.Vocabulary.Encode(tokens));
    }

    /// <summary>"lstm character language model, 1 layer × 64 units".</summary>
    public static string Describe(TrainedLanguageModel model) =>
        Describe(model.Network.Rnn, $"{model.Level.ToString().ToLowerInvariant()} language model");

    private static InspectedText OfLanguageModel(string directory, string text)
    {
        var (model, tokens, ids) = ReadByLanguageModel(directory, text, "rnn inspect");
        Tensor embedded;
        using (Tape.NoGrad())
        using (Module.Evaluating())
            embedded = model.Network.Embedding.Forward(ids, [1, ids.Length]).Value; // [1, T, E]
        var inspection = StateInspection.Of(model.Network.Rnn, embedded, tokens);
        return new InspectedText(Describe(model), inspection, null, null);
    }

    /// <summary>"lstm tagger, 1 layer × 32 units, bidirectional".</summary>
    private static string Describe(RecurrentLayer layer, string kind)
    {
        var options = layer.Options;
        string layers = options.NumLayers == 1 ? "1 layer" : $"{options.NumLayers} layers";
        return $"{CellNames.Of(options.Cell)} {kind}, {layers} × {options.HiddenSize} units{(options.Bidirectional ? ", bidirectional" : "")}";
    }

    private static UsageException NoTokens(string text, string command) =>
        new($"the text \"{text}\" has no tokens; give a text with words ({command} DIR \"a wonderful film\").");
}
