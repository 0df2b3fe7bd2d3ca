using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Recurrent.Decoding;
using Recurrent.Serialization;
using Recurrent.Tensors;
using Recurrent.Text;

namespace Recurrent.Tasks.LanguageModel;

/// <summary>
/// A trained language model as saved in a model directory: the <see cref="RecurrentLanguageModel"/> with its vocabulary and
/// token level. It generates text (sampling or beam search, from a prime, up to a stop string) and scores texts.
/// Directory: config.json (task "language_model", architecture = <see cref="LanguageModelOptions"/>), model.safetensors,
/// vocab.txt, and metrics.jsonl from training.
/// <para>
/// Thread safety: <see cref="Generate"/>, <see cref="BeamSearch"/>, <see cref="Evaluate"/> and <see cref="Encode"/> are safe to
/// call from several threads at once on one loaded model, and each gives the same text or score as on one thread (sampling
/// with the same <see cref="SamplingOptions.Seed"/>). Each call runs its own <see cref="LanguageModelStepper"/> state and random
/// generator; the weights, vocabulary and tokenizer are only read. Not while the weights change (training the same network).
/// </para>
/// </summary>
public sealed class TrainedLanguageModel
{
    public const string TaskName = "language_model";
    private const string VocabularyFile = "vocab.txt";

    public TrainedLanguageModel(RecurrentLanguageModel network, Vocabulary vocabulary)
    {
        if (vocabulary.Count != network.Options.VocabularySize)
            throw new ArgumentException($"The vocabulary has {vocabulary.Count} tokens but the network predicts " +
                $"{network.Options.VocabularySize}.", nameof(vocabulary));
        Network = network;
        Vocabulary = vocabulary;
        Tokenizer = new LanguageModelTokenizer(network.Options.Level);
    }

    public RecurrentLanguageModel Network { get; }

    public Vocabulary Vocabulary { get; }

    public LanguageModelTokenizer Tokenizer { get; }

    public TokenLevel Level => Network.Options.Level;

    /// <summary>Token ids of a text; tokens the vocabulary lacks become &lt;unk&gt;.</summary>
    public int[] Encode(string text) => Vocabulary.Encode(Tokenizer.Tokenize(text));

    /// <summary>
    /// Samples a continuation of <paramref name="prime"/> and streams it: each piece of text is yielded as soon as its token is
    /// chosen. The prime itself is not repeated. An empty prime starts as after a newline. The text ends after
    /// <see cref="SamplingOptions.MaxTokens"/> tokens, or just before <paramref name="stop"/> if the generated text contains it.
    /// Padding and &lt;unk&gt; are never generated.
    /// </summary>
    public IEnumerable<string> Generate(string prime, SamplingOptions options, string? stop = null)
    {
        var ids = PrimeIds(prime);
        var generated = TokenGenerator.Generate(new LanguageModelStepper(Network), ids,
            options with { SuppressedTokens = Suppressed(options.SuppressedTokens) });
        return Stream(generated, LineStartAfter(prime), string.IsNullOrEmpty(stop) ? null : new StopStringFilter(stop));
    }

    /// <summary>
    /// The most likely continuation of <paramref name="prime"/> that beam search finds: ends at
    /// <see cref="BeamSearchOptions.MaxTokens"/> tokens or just before <paramref name="stop"/>.
    /// </summary>
    public string BeamSearch(string prime, BeamSearchOptions options, string? stop = null)
    {
        var ids = PrimeIds(prime);
        bool lineStart = LineStartAfter(prime);
        Func<IReadOnlyList<int>, bool>? finished = string.IsNullOrEmpty(stop)
            ? null
            : tokens => Text(tokens.Skip(Math.Max(0, tokens.Count - stop.Length - 1)), lineStart: false).Contains(stop, StringComparison.Ordinal);
        var best = Decoding.BeamSearch.Search(new LanguageModelStepper(Network), ids,
            options with { SuppressedTokens = Suppressed(options.SuppressedTokens) }, finished);
        string text = best.Count == 0 ? "" : Text(best[0].Tokens, lineStart);
        int at = string.IsNullOrEmpty(stop) ? -1 : text.IndexOf(stop, StringComparison.Ordinal);
        return at < 0 ? text : text[..at];
    }

    /// <summary>Scores a text with the state carried through it (<see cref="LanguageModelScore.Measure"/>).</summary>
    public LanguageModelScore Evaluate(string text, int streams = 32, int windowLength = 100)
    {
        var ids = Encode(text);
        if (ids.Length < 2)
            throw new ArgumentException($"The text to score has {ids.Length} " +
                $"{(Level == TokenLevel.Character ? "characters" : "tokens")}; it needs at least 2.");
        return LanguageModelScore.Measure(Network, ids, streams, windowLength);
    }

    /// <summary>Writes config.json, model.safetensors and vocab.txt into <paramref name="directory"/>, each atomically.</summary>
    public void Save(string directory, JsonObject? training = null)
    {
        Directory.CreateDirectory(directory);
        var config = new ModelConfig(TaskName) { Vocabulary = VocabularyFile };
        var architecture = JsonSerializer.SerializeToNode(Network.Options, ModelConfig.JsonOptions)!.AsObject();
        foreach (var (key, value) in architecture) config.Architecture[key] = value?.DeepClone();
        if (training is not null) config["training"] = training.DeepClone();
        using (var text = new StringWriter())
        {
            Vocabulary.Write(text);
            AtomicFile.WriteAllText(Path.Combine(directory, VocabularyFile), text.ToString());
        }
        ModelDirectory.Save(directory, config, Network);
    }

    /// <summary>Opens a model directory written by <see cref="Save"/>; errors say which file or entry is wrong.</summary>
    public static TrainedLanguageModel Load(string directory)
    {
        var model = ModelDirectory.Open(directory);
        if (model.Config.Task != TaskName)
            throw new ModelFormatException(model.ConfigPath, model.Config.Task == "classification"
                ? "this is a text classifier, not a language model: use it with rnn predict (or rnn evaluate)"
                : $"this is a '{model.Config.Task}' model, not a language model");
        var options = model.Config.ReadSection<LanguageModelOptions>("architecture", o => o.Validate());
        string vocabularyPath = model.FilePath(model.Config.FileName("vocabulary", VocabularyFile));
        Vocabulary vocabulary;
        using (var reader = new StreamReader(vocabularyPath)) vocabulary = Vocabulary.Read(reader, vocabularyPath);
        if (vocabulary.Count != options.VocabularySize)
            throw new ModelFormatException(vocabularyPath, $"the vocabulary has {vocabulary.Count} tokens but the model predicts {options.VocabularySize}");
        model.RequireWeightsFor(RecurrentLanguageModel.CountParameters(options));
        var network = new RecurrentLanguageModel(options, new Rng(0));
        model.LoadWeights(network);
        network.Eval();
        return new TrainedLanguageModel(network, vocabulary);
    }

    /// <summary>
    /// The id a text without a prime starts after: the newline (end-of-line) token, or the most frequent token when the
    /// text had none.
    /// </summary>
    public int StartId => Vocabulary.IndexOf(Tokenizer.StartToken) is >= 0 and var id ? id : Math.Min(2, Vocabulary.Count - 1);

    private int[] PrimeIds(string prime) =>
        string.IsNullOrEmpty(prime) ? [StartId] : Encode(prime) is { Length: > 0 } ids ? ids : [StartId];

    private static bool LineStartAfter(string prime) => prime.Length == 0 || prime.EndsWith('\n');

    private IReadOnlyList<int> Suppressed(IReadOnlyList<int> extra) =>
        extra.Concat(Vocabulary.Count > 2 ? [Vocabulary.PadIndex, Vocabulary.UnknownIndex] : []).Distinct().ToArray();

    private IEnumerable<string> Stream(IEnumerable<int> ids, bool lineStart, StopStringFilter? stop)
    {
        foreach (int id in ids)
        {
            string piece = Tokenizer.Piece(Vocabulary.TokenAt(id), ref lineStart);
            if (stop is null)
            {
                yield return piece;
                continue;
            }
            string shown = stop.Push(piece);
            if (shown.Length > 0) yield return shown;
            if (stop.Stopped) yield break;
        }
        if (stop?.Flush() is { Length: > 0 } rest) yield return rest;
    }

    private string Text(IEnumerable<int> ids, bool lineStart)
    {
        var text = new StringBuilder();
        foreach (int id in ids) text.Append(Tokenizer.Piece(Vocabulary.TokenAt(id), ref lineStart));
        return text.ToString();
    }
}
