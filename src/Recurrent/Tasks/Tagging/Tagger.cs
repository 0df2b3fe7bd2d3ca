using System.Text.Json;
using System.Text.Json.Nodes;
using Recurrent.Autograd;
using Recurrent.Layers;
using Recurrent.Serialization;
using Recurrent.Tensors;

namespace Recurrent.Tasks.Tagging;

/// <summary>
/// A trained sequence labeller as saved in a model directory: the <see cref="TaggingModel"/>, its words, characters and
/// tags, and the scheme its tags are written in. It tags tokenised sentences and scores tagged ones. Directory:
/// config.json (task "tagging", architecture = <see cref="TaggingModelOptions"/>, preprocessing.scheme, tags),
/// model.safetensors, words.txt, chars.txt, and from training metrics.jsonl and validation.conll (the held-out sentences).
/// <para>
/// Thread safety: <see cref="Tag"/> and <see cref="Evaluate"/> may run on several threads at once on one loaded model (the
/// weights are only read), not while the weights change.
/// </para>
/// </summary>
public sealed class Tagger
{
    public const string TaskName = "tagging";
    public const string WordsFile = "words.txt";
    public const string CharactersFile = "chars.txt";

    /// <summary>Sentences tagged per batch.</summary>
    private const int BatchSize = 64;

    public Tagger(TaggingModel network, TaggingVocabulary vocabulary, TagScheme scheme)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(vocabulary);
        var options = network.Options;
        if (vocabulary.Words.Count != options.WordVocabularySize || vocabulary.Tags.Count != options.TagCount
            || options.Characters is { } characters && vocabulary.Characters.Count != characters.VocabularySize)
            throw new ArgumentException($"The vocabularies have {vocabulary.Words.Count} words, {vocabulary.Characters.Count} characters and " +
                $"{vocabulary.Tags.Count} tags but the network reads {options.WordVocabularySize} words and {options.Characters?.VocabularySize ?? 0} " +
                $"characters and predicts {options.TagCount} tags.");
        Network = network;
        Vocabulary = vocabulary;
        Scheme = scheme;
        Entities = TagSchemes.IsEntityTagging(vocabulary.Tags);
    }

    public TaggingModel Network { get; }

    public TaggingVocabulary Vocabulary { get; }

    /// <summary>The scheme of the tags the model predicts (meaningful when <see cref="Entities"/>).</summary>
    public TagScheme Scheme { get; }

    /// <summary>True when the tags mark entities (B-PER …); false for other tags such as parts of speech.</summary>
    public bool Entities { get; }

    /// <summary>How the training data were read (format and tag column): how tagged data to score are read by default.</summary>
    public TaggedCorpusReadOptions Read { get; init; } = new();

    /// <summary>The tags of each tokenised sentence, in order, in the model's scheme; each sentence needs a token.</summary>
    public IReadOnlyList<string[]> Tag(IReadOnlyList<IReadOnlyList<string>> sentences)
    {
        ArgumentNullException.ThrowIfNull(sentences);
        var batches = new TaggingBatches(sentences, null, Vocabulary, Network.Options.Characters is not null, BatchSize);
        var tags = new string[sentences.Count][];
        using (Tape.NoGrad())
        using (Module.Evaluating())
            foreach (var indices in batches.InOrder())
            {
                var batch = batches.Gather(indices);
                var paths = Network.Predict(batch);
                for (int b = 0; b < batch.Size; b++) tags[batch.Sentences[b]] = Vocabulary.DecodeTags(paths[b]);
            }
        return tags;
    }

    /// <summary>
    /// Scores the model on tagged <paramref name="sentences"/>: their tags, in any scheme, are read into the model's first,
    /// then conlleval's entity scores, the token accuracy and the loss.
    /// </summary>
    /// <exception cref="ArgumentException">A tag the model does not know, naming it.</exception>
    public TaggingEvaluation Evaluate(IReadOnlyList<TaggedSentence> sentences)
    {
        ArgumentNullException.ThrowIfNull(sentences);
        if (sentences.Count == 0) throw new ArgumentException("There are no sentences to evaluate on.", nameof(sentences));
        var inScheme = InModelScheme(sentences);
        var batches = TaggingBatches.Of(inScheme, Vocabulary, Network.Options.Characters is not null, BatchSize);
        return TaggingEvaluation.Measure(Network, batches, inScheme, Vocabulary);
    }

    /// <summary><paramref name="sentences"/> with their tags converted to the model's scheme when they mark entities.</summary>
    public IReadOnlyList<TaggedSentence> InModelScheme(IReadOnlyList<TaggedSentence> sentences)
    {
        if (!Entities || !TagSchemes.IsEntityTagging(sentences.SelectMany(s => s.Tags))) return sentences;
        var from = TagSchemes.Detect(sentences.Select(s => s.Tags));
        return from == Scheme ? sentences : sentences.Select(s => s with { Tags = TagSchemes.Convert(s.Tags, from, Scheme) }).ToArray();
    }

    /// <summary>Writes config.json, model.safetensors and both vocabularies into <paramref name="directory"/>, each atomically.</summary>
    public void Save(string directory, JsonObject? training = null)
    {
        Directory.CreateDirectory(directory);
        var config = new ModelConfig(TaskName);
        var architecture = JsonSerializer.SerializeToNode(Network.Options, ModelConfig.JsonOptions)!.AsObject();
        foreach (var (key, value) in architecture) config.Architecture[key] = value?.DeepClone();
        config.Preprocessing["scheme"] = SchemeName(Scheme);
        config.Preprocessing["word_key"] = "lowercase, digits as 0";
        config.Preprocessing["format"] = Read.Format.ToString().ToLowerInvariant();
        config.Preprocessing["tag_column"] = Read.TagColumn;
        config.Labels = new JsonArray(Vocabulary.Tags.Select(tag => (JsonNode)JsonValue.Create(tag)!).ToArray());
        config["words"] = WordsFile;
        config["characters"] = CharactersFile;
        if (training is not null) config["training"] = training.DeepClone();
        Vocabulary.Save(Path.Combine(directory, WordsFile), Path.Combine(directory, CharactersFile));
        ModelDirectory.Save(directory, config, Network);
    }

    /// <summary>Opens a model directory written by <see cref="Save"/>; errors say which file or entry is wrong.</summary>
    public static Tagger Load(string directory)
    {
        var model = ModelDirectory.Open(directory);
        if (model.Config.Task != TaskName)
            throw new ModelFormatException(model.ConfigPath, $"this is a '{model.Config.Task}' model, not a tagger");
        var options = model.Config.ReadSection<TaggingModelOptions>("architecture", o => o.Validate());
        var scheme = ParseScheme(model.Config.Preprocessing["scheme"]?.GetValue<string>())
            ?? throw new ModelFormatException(model.ConfigPath, "preprocessing.scheme is missing or not one of iob1, iob2, bioes");
        var tags = ReadTags(model);
        var vocabulary = TaggingVocabulary.Load(model.FilePath(model.Config.FileName("words", WordsFile)),
            model.FilePath(model.Config.FileName("characters", CharactersFile)), tags);
        var network = new TaggingModel(options, new Rng(0));
        if (vocabulary.Words.Count != options.WordVocabularySize || tags.Count != options.TagCount)
            throw new ModelFormatException(model.ConfigPath, $"the vocabularies hold {vocabulary.Words.Count} words and {tags.Count} tags but the " +
                $"architecture reads {options.WordVocabularySize} words and predicts {options.TagCount} tags");
        model.LoadWeights(network);
        network.Crf?.SetConstraints(TagSchemeConstraints.FromTags(tags, scheme));
        network.Eval();
        return new Tagger(network, vocabulary, scheme) { Read = ReadOptions(model) };
    }

    /// <summary>The format and tag column of the training data, as config.json's preprocessing says (older or hand-made: CoNLL, the last).</summary>
    private static TaggedCorpusReadOptions ReadOptions(ModelDirectory model)
    {
        var preprocessing = model.Config.Preprocessing;
        var format = preprocessing["format"]?.GetValue<string>() switch
        {
            null or "conll" => TaggedCorpusFormat.Conll,
            "wnut" => TaggedCorpusFormat.Wnut,
            var other => throw new ModelFormatException(model.ConfigPath, $"preprocessing.format is '{other}'; a tagger reads 'conll' or 'wnut'"),
        };
        int? column = preprocessing["tag_column"] is JsonValue value && value.TryGetValue(out int index) ? index : null;
        return new TaggedCorpusReadOptions { Format = format, TagColumn = column };
    }

    /// <summary>The scheme's name as config.json and the command line write it: iob1, iob2, bioes.</summary>
    public static string SchemeName(TagScheme scheme) => scheme.ToString().ToLowerInvariant();

    /// <summary>iob1, iob2 (or bio), bioes (or iobes) → the scheme; anything else null.</summary>
    public static TagScheme? ParseScheme(string? name) => name?.Trim().ToLowerInvariant() switch
    {
        "iob1" => TagScheme.Iob1,
        "iob2" or "bio" => TagScheme.Iob2,
        "bioes" or "iobes" => TagScheme.Bioes,
        _ => null,
    };

    private static List<string> ReadTags(ModelDirectory model)
    {
        if (model.Config.Labels is not JsonArray list) throw new ModelFormatException(model.ConfigPath, "the 'labels' list of tags is missing");
        var tags = new List<string>();
        foreach (var tag in list)
        {
            if (tag is not JsonValue value || !value.TryGetValue(out string? text) || string.IsNullOrWhiteSpace(text))
                throw new ModelFormatException(model.ConfigPath, $"labels: {tag?.ToJsonString() ?? "null"} is not a tag; each tag is a non-empty string");
            if (tags.Contains(text)) throw new ModelFormatException(model.ConfigPath, $"labels: '{text}' is listed twice; each tag is listed once");
            tags.Add(text);
        }
        if (tags.Count == 0) throw new ModelFormatException(model.ConfigPath, "labels: no tag; a tagger predicts at least one");
        return tags;
    }
}
