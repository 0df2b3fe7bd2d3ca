using System.Text.Json.Nodes;
using Recurrent.Serialization;
using Recurrent.Text;

namespace Recurrent.Tasks.Classification;

/// <summary>
/// A trained text classifier as saved in a model directory: a recurrent network (<see cref="TextClassifier"/> with its
/// vocabulary and preprocessing) or one of the static baselines (TF-IDF or mean word vectors with a linear classifier).
/// <para>
/// Thread safety: <see cref="Predict(IReadOnlyList{string})"/>, <see cref="PredictProbabilities"/> and <see cref="Evaluate"/>
/// are safe to call from several threads at once on one loaded model, and each gives the same result as on one thread. Every
/// call keeps its own activations and scratch buffers; the weights, vocabulary and tokenizer are only read, and no call
/// switches the network's mode (see <see cref="Layers.Module.Evaluating"/>). Not while the weights change: training or
/// loading weights into the same network at the same time is not safe.
/// </para>
/// </summary>
public sealed class TextClassificationModel
{
    public const string TaskName = "classification";

    private readonly ClassifierEngine engine;

    internal TextClassificationModel(ClassifierEngine engine, IReadOnlyList<string> labels)
    {
        this.engine = engine;
        Labels = labels;
    }

    /// <summary>A recurrent classifier with its vocabulary and preprocessing.</summary>
    public static TextClassificationModel FromNetwork(TextClassifier network, Vocabulary vocabulary, TextPreprocessing preprocessing,
        IReadOnlyList<string> labels) =>
        new(new RecurrentEngine(network, vocabulary, preprocessing), labels);

    /// <summary>A fitted TF-IDF baseline.</summary>
    public static TextClassificationModel FromBaseline(TfIdfClassifier classifier, IReadOnlyList<string> labels) => new(new TfIdfEngine(classifier), labels);

    /// <summary>A fitted mean-of-word-vectors baseline.</summary>
    public static TextClassificationModel FromBaseline(MeanVectorClassifier classifier, IReadOnlyList<string> labels) =>
        new(new MeanVectorEngine(classifier), labels);

    /// <summary>The class names, in class-index order.</summary>
    public IReadOnlyList<string> Labels { get; }

    /// <summary>recurrent, tfidf or mean_vectors.</summary>
    public string Kind => engine.Kind;

    /// <summary>The network of a recurrent model (for summaries and inspection); null for a baseline.</summary>
    public TextClassifier? Network => Recurrent?.Network;

    /// <summary>
    /// The network with its vocabulary and preprocessing, which encode texts as it reads them (for inspection and interpretation);
    /// null for a baseline.
    /// </summary>
    public RecurrentTextClassifier? Recurrent => engine.Classifier as RecurrentTextClassifier;

    public long ParameterCount => engine.ParameterCount;

    /// <summary>Class probabilities [N, C].</summary>
    public Tensor PredictProbabilities(IReadOnlyList<string> texts) => engine.Probabilities(texts);

    public IReadOnlyList<Prediction> Predict(IReadOnlyList<string> texts)
    {
        var probabilities = PredictProbabilities(texts);
        int classes = Labels.Count;
        var predictions = new List<Prediction>(texts.Count);
        for (int n = 0; n < texts.Count; n++)
        {
            var row = probabilities.ReadOnlySpan.Slice(n * classes, classes).ToArray();
            int best = System.Numerics.Tensors.TensorPrimitives.IndexOfMax<float>(row);
            predictions.Add(new Prediction(Labels[best], row[best], Labels.Select((label, c) => (label, (double)row[c])).ToList()));
        }
        return predictions;
    }

    public Prediction Predict(string text) => Predict([text])[0];

    /// <summary>Scores the model on texts with known labels; a label the model does not know is an error naming it.</summary>
    public ClassificationReport Evaluate(IReadOnlyList<string> texts, IReadOnlyList<string> labels)
    {
        var index = Labels.Select((label, i) => (label, i)).ToDictionary(p => p.label, p => p.i);
        var actual = labels.Select((label, n) => index.TryGetValue(label, out int c)
            ? c
            : throw new ArgumentException($"Example {n + 1} has the label '{label}', which the model was not trained on (it " +
                $"knows {string.Join(", ", Labels)}).")).ToArray();
        var (predicted, loss) = ClassificationTask.Score(PredictProbabilities(texts), actual);
        return ClassificationReport.From(predicted, actual, Labels, loss);
    }

    /// <summary>Writes the model directory (config.json, model.safetensors, and the vocabulary or term list), each file atomically.</summary>
    public void Save(string directory, JsonObject? training = null)
    {
        Directory.CreateDirectory(directory);
        var config = new ModelConfig(TaskName) { Labels = new JsonArray(Labels.Select(l => (JsonNode)JsonValue.Create(l)!).ToArray()) };
        config.Architecture["kind"] = Kind;
        if (training is not null) config["training"] = training.DeepClone();
        engine.Save(directory, config);
    }

    /// <summary>config.json's "labels": two or more distinct strings, in class-index order.</summary>
    private static List<string> ReadLabels(ModelDirectory model)
    {
        if (model.Config.Labels is not JsonArray list) throw new ModelFormatException(model.ConfigPath, "the 'labels' list is missing");
        var labels = new List<string>();
        foreach (var label in list)
        {
            if (label is not JsonValue value || !value.TryGetValue(out string? text))
                throw new ModelFormatException(model.ConfigPath, $"labels: {label?.ToJsonString() ?? "null"} is not a string; each label is a string");
            if (labels.Contains(text))
                throw new ModelFormatException(model.ConfigPath, $"labels: '{text}' is listed twice; each class has one label");
            labels.Add(text);
        }
        if (labels.Count < 2) throw new ModelFormatException(model.ConfigPath, $"labels: {labels.Count} label(s); a classifier has two or more");
        return labels;
    }

    /// <summary>Opens a model directory written by <see cref="Save"/>; errors say which file or entry is wrong.</summary>
    public static TextClassificationModel Load(string directory)
    {
        var model = ModelDirectory.Open(directory);
        var config = model.Config;
        if (config.Task != TaskName)
            throw new ModelFormatException(model.ConfigPath, config.Task == "language_model"
                ? "this is a language model, not a text classifier: use it with rnn generate (or rnn evaluate)"
                : $"this is a '{config.Task}' model, not a text classifier");
        var labels = ReadLabels(model);
        string kind = config.Architecture["kind"] is JsonValue kindValue && kindValue.TryGetValue(out string? kindText) ? kindText
            : throw new ModelFormatException(model.ConfigPath, "architecture.kind is missing or not a string (recurrent, tfidf or mean_vectors)");
        ClassifierEngine engine = kind switch
        {
            RecurrentEngine.KindName => RecurrentEngine.Load(model, labels.Count),
            TfIdfEngine.KindName => TfIdfEngine.Load(model, labels.Count),
            MeanVectorEngine.KindName => MeanVectorEngine.Load(model, labels.Count),
            _ => throw new ModelFormatException(model.ConfigPath, $"architecture.kind '{kind}' is not one of recurrent, tfidf, mean_vectors"),
        };
        return new TextClassificationModel(engine, labels);
    }
}
