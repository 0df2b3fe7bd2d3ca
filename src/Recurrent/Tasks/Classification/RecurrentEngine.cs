using Recurrent.Serialization;
using Recurrent.Tensors;
using Recurrent.Text;

namespace Recurrent.Tasks.Classification;

/// <summary>A <see cref="TextClassifier"/> with its vocabulary (vocab.txt) and preprocessing.</summary>
internal sealed class RecurrentEngine(TextClassifier network, Vocabulary vocabulary, TextPreprocessing preprocessing)
    : ClassifierEngine(new RecurrentTextClassifier(network, vocabulary, preprocessing))
{
    public const string KindName = "recurrent";
    private const string VocabularyFile = "vocab.txt";

    public override string Kind => KindName;

    public override void Save(string directory, ModelConfig config)
    {
        var architecture = System.Text.Json.JsonSerializer.SerializeToNode(network.Options, ModelConfig.JsonOptions)!.AsObject();
        foreach (var (key, value) in architecture) config.Architecture[key] = value?.DeepClone();
        config.Set("preprocessing", preprocessing);
        config.Vocabulary = VocabularyFile;
        using (var text = new StringWriter())
        {
            vocabulary.Write(text);
            AtomicFile.WriteAllText(Path.Combine(directory, VocabularyFile), text.ToString());
        }
        ModelDirectory.Save(directory, config, network);
    }

    public static RecurrentEngine Load(ModelDirectory model, int classCount)
    {
        var options = model.Config.ReadSection<TextClassifierOptions>("architecture", o => o.Validate());
        if (options.ClassCount != classCount)
            throw new ModelFormatException(model.ConfigPath, $"architecture.class_count is {options.ClassCount} but there are {classCount} labels");
        var preprocessing = model.Config.ReadSection<TextPreprocessing>("preprocessing", p => p.Validate());
        string vocabularyPath = model.FilePath(model.Config.FileName("vocabulary", VocabularyFile));
        if (!File.Exists(vocabularyPath)) throw new ModelFormatException(vocabularyPath, "the vocabulary file is missing from the model directory");
        Vocabulary vocabulary;
        using (var reader = new StreamReader(vocabularyPath)) vocabulary = Vocabulary.Read(reader, vocabularyPath);
        if (vocabulary.Count != options.VocabularySize)
            throw new ModelFormatException(vocabularyPath, $"the vocabulary has {vocabulary.Count} tokens but the model expects {options.VocabularySize}");
        model.RequireWeightsFor(TextClassifier.CountParameters(options));
        var network = new TextClassifier(options, new Rng(0));
        model.LoadWeights(network);
        network.Eval();
        return new RecurrentEngine(network, vocabulary, preprocessing);
    }
}
