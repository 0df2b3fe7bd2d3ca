using System.Text.Json;
using System.Text.Json.Nodes;
using Recurrent.Serialization;
using Recurrent.Tensors;
using Recurrent.Text;

namespace Recurrent.Tasks.Translation;

/// <summary>
/// A trained translator as saved in a model directory: the <see cref="TranslationModel"/>, the tokenizer both languages were
/// read with, and the source and target vocabularies. It translates sentences (greedy or beam search, with attention
/// matrices) and scores held-out pairs. Directory: config.json (task "translation", architecture =
/// <see cref="TranslationModelOptions"/>, preprocessing = the tokenizer's level and case), model.safetensors,
/// source_vocab.txt, target_vocab.txt, and from training metrics.jsonl and validation.tsv (the held-out pairs).
/// <para>
/// Thread safety: <see cref="Translate"/> and <see cref="Evaluate"/> may run on several threads at once on one loaded model
/// (each search has its own state; the weights are only read), not while the weights change.
/// </para>
/// </summary>
public sealed class Translator
{
    public const string TaskName = "translation";
    public const string SourceVocabularyFile = "source_vocab.txt";
    public const string TargetVocabularyFile = "target_vocab.txt";

    public Translator(TranslationModel network, TranslationTokenizer tokenizer, TranslationVocabulary source, TranslationVocabulary target)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(tokenizer);
        if (source.Count != network.Options.SourceVocabularySize || target.Count != network.Options.TargetVocabularySize)
            throw new ArgumentException($"The vocabularies have {source.Count} and {target.Count} tokens but the network reads " +
                $"{network.Options.SourceVocabularySize} and predicts {network.Options.TargetVocabularySize}.");
        Network = network;
        Tokenizer = tokenizer;
        SourceVocabulary = source;
        TargetVocabulary = target;
    }

    public TranslationModel Network { get; }

    public TranslationTokenizer Tokenizer { get; }

    public TranslationVocabulary SourceVocabulary { get; }

    public TranslationVocabulary TargetVocabulary { get; }

    /// <summary>Translates <paramref name="sentences"/>, in order; each must have at least one token.</summary>
    public IReadOnlyList<Translation> Translate(IReadOnlyList<string> sentences, TranslationSearchOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(sentences);
        var tokens = sentences.Select(Tokenizer.Tokenize).ToArray();
        for (int i = 0; i < tokens.Length; i++)
            if (tokens[i].Count == 0)
                throw new ArgumentException($"Sentence {i + 1} ('{sentences[i]}') has no words to translate.", nameof(sentences));
        var found = TranslationSearch.Translate(Network, tokens.Select(SourceVocabulary.Encode).ToArray(), options ?? new TranslationSearchOptions());
        return sentences.Select((sentence, i) =>
        {
            var words = TargetVocabulary.Decode(found[i].Tokens);
            return new Translation(sentence, tokens[i], Tokenizer.Detokenize(words), words, found[i].Score, found[i].Attention);
        }).ToArray();
    }

    /// <summary>
    /// Scores the model on held-out <paramref name="pairs"/>: teacher-forced loss, perplexity and token accuracy over all
    /// pairs, and corpus BLEU, chrF and exact match of the translations of their distinct sources against all references of
    /// each (lower-cased when the tokenizer lower-cases, since the model cannot say which letters are capitals).
    /// </summary>
    public TranslationEvaluation Evaluate(IReadOnlyList<ParallelTextPair> pairs, TranslationSearchOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        if (pairs.Count == 0) throw new ArgumentException("There are no sentence pairs to evaluate on.", nameof(pairs));
        var encoded = TranslationBatches.Encode(pairs, Tokenizer, SourceVocabulary, Tokenizer, TargetVocabulary, batchSize: 64);
        return TranslationEvaluation.Measure(Network, encoded, new TranslationEvaluator(this, ReferenceGroup.Of(pairs), options ?? new()));
    }

    /// <summary>Writes config.json, model.safetensors and both vocabularies into <paramref name="directory"/>, each atomically.</summary>
    public void Save(string directory, JsonObject? training = null)
    {
        Directory.CreateDirectory(directory);
        var config = new ModelConfig(TaskName);
        var architecture = JsonSerializer.SerializeToNode(Network.Options, ModelConfig.JsonOptions)!.AsObject();
        foreach (var (key, value) in architecture) config.Architecture[key] = value?.DeepClone();
        config.Preprocessing["level"] = Tokenizer.Level == TokenLevel.Character ? "char" : "word";
        config.Preprocessing["lowercase"] = Tokenizer.Lowercase;
        config["source_vocabulary"] = SourceVocabularyFile;
        config["target_vocabulary"] = TargetVocabularyFile;
        if (training is not null) config["training"] = training.DeepClone();
        SourceVocabulary.Save(Path.Combine(directory, SourceVocabularyFile));
        TargetVocabulary.Save(Path.Combine(directory, TargetVocabularyFile));
        ModelDirectory.Save(directory, config, Network);
    }

    /// <summary>Opens a model directory written by <see cref="Save"/>; errors say which file or entry is wrong.</summary>
    public static Translator Load(string directory)
    {
        var model = ModelDirectory.Open(directory);
        if (model.Config.Task != TaskName)
            throw new ModelFormatException(model.ConfigPath, $"this is a '{model.Config.Task}' model, not a translator");
        var options = model.Config.ReadSection<TranslationModelOptions>("architecture", o => o.Validate());
        var tokenizer = ReadTokenizer(model);
        var source = ReadVocabulary(model, "source_vocabulary", SourceVocabularyFile, options.SourceVocabularySize, "reads");
        var target = ReadVocabulary(model, "target_vocabulary", TargetVocabularyFile, options.TargetVocabularySize, "predicts");
        model.RequireWeightsFor(TranslationModel.CountParameters(options));
        var network = new TranslationModel(options, new Rng(0));
        model.LoadWeights(network);
        network.Eval();
        return new Translator(network, tokenizer, source, target);
    }

    private static TranslationTokenizer ReadTokenizer(ModelDirectory model)
    {
        var preprocessing = model.Config.Preprocessing;
        var level = preprocessing["level"]?.GetValue<string>() switch
        {
            "word" or null => TokenLevel.Word,
            "char" => TokenLevel.Character,
            var other => throw new ModelFormatException(model.ConfigPath, $"preprocessing.level is '{other}'; a translator reads 'word' or 'char'"),
        };
        bool lowercase = preprocessing["lowercase"] is { } flag && flag.GetValueKind() == JsonValueKind.True;
        return new TranslationTokenizer(level, lowercase);
    }

    private static TranslationVocabulary ReadVocabulary(ModelDirectory model, string key, string defaultName, int size, string role)
    {
        string path = model.FilePath(model.Config.FileName(key, defaultName));
        var vocabulary = TranslationVocabulary.Load(path);
        if (vocabulary.Count != size)
            throw new ModelFormatException(path, $"the vocabulary has {vocabulary.Count} tokens but the model {role} {size}");
        return vocabulary;
    }
}
