namespace Recurrent.Tests.EndToEnd;

/// <summary>
/// The small models that the end-to-end tests use but do not test the training of, each trained by the built <c>rnn</c>
/// on bundled data the first time a test asks for it: a sentiment classifier, a character language model, a translator, a forecaster,
/// a tagger, a comparison of classifiers and a classifier with attention pooling.
/// </summary>
/// <remarks>
/// The serial <see cref="EndToEndCollection"/> and the parallel <see cref="ParallelEndToEndCollection"/> each get an instance as
/// their fixture; both read one set of models (<see cref="Store"/>), trained once however many collections ask, and deleted
/// when the last of them is done.
/// </remarks>
public sealed class TrainedModels : IDisposable
{
    private static readonly Lock Gate = new();
    private static Store? shared;
    private static int users;
    private readonly Store store;
    private bool disposed;

    public TrainedModels()
    {
        lock (Gate)
        {
            shared ??= new Store();
            users++;
            store = shared;
        }
    }

    /// <summary>An LSTM sentiment classifier (labels 0 and 1) trained on the Amazon and Yelp sentences; IMDb is unseen.</summary>
    public string Classifier => store.Classifier.Value;

    /// <summary>A one-layer character LSTM (hidden 64) trained on tiny-shakespeare for a few seconds.</summary>
    public string LanguageModel => store.LanguageModel.Value;

    /// <summary>A tiny English→German translator (GRU, bidirectional 16, Bahdanau attention) trained on the phrase book for 8 epochs.</summary>
    public string Translator => store.Translator.Value;

    /// <summary>A small LSTM forecaster (hidden 16, horizon 12, look-back 100) trained on <see cref="ForecastingData.SinesCsv"/> for 10 epochs.</summary>
    public string Forecaster => store.Forecaster.Value;

    /// <summary>A small Bi-LSTM-CNN-CRF named-entity tagger (hidden 32) trained on the toy CoNLL corpus for 15 epochs (F1 above 0.9).</summary>
    public string Tagger => store.Tagger.Value;

    /// <summary>
    /// An <c>rnn compare classify</c> output directory: an RNN, an LSTM and a Bi-LSTM (hidden 16, 2 epochs) and a TF-IDF baseline trained
    /// on the Amazon and Yelp sentences, in DIR/rnn, DIR/lstm, DIR/bilstm and DIR/tfidf.
    /// </summary>
    public string Comparison => store.Comparison.Value;

    /// <summary>A GRU sentiment classifier (hidden 16) that pools its outputs with attention, trained on the Amazon and Yelp sentences for 2 epochs.</summary>
    public string AttentionClassifier => store.AttentionClassifier.Value;

    /// <summary>
    /// ONNX's backend test_gru_seq_length (a reset-before GRU, input 3, hidden 5) imported by <c>rnn import --onnx</c>, with the trace
    /// spec it wrote inside the directory as trace.json.
    /// </summary>
    public string ImportedGru => store.ImportedGru.Value;

    /// <summary>Copies a model directory to <paramref name="target"/>, which must not exist yet.</summary>
    public static void Copy(string model, string target)
    {
        foreach (string file in Directory.GetFiles(model, "*", SearchOption.AllDirectories))
        {
            string copy = Path.Combine(target, Path.GetRelativePath(model, file));
            Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
            File.Copy(file, copy);
        }
    }

    public void Dispose()
    {
        lock (Gate)
        {
            if (disposed) return;
            disposed = true;
            if (--users > 0) return;
            shared = null;
        }
        store.Dispose();
    }

    /// <summary>The models' folder and the training of each, started the first time a test asks for it.</summary>
    private sealed class Store : IDisposable
    {
        private readonly ScratchDirectory folder = new("models");
        public Lazy<string> Classifier { get; }
        public Lazy<string> LanguageModel { get; }
        public Lazy<string> Translator { get; }
        public Lazy<string> Forecaster { get; }
        public Lazy<string> Tagger { get; }
        public Lazy<string> Comparison { get; }
        public Lazy<string> AttentionClassifier { get; }
        public Lazy<string> ImportedGru { get; }

        public Store()
        {
            Classifier = new Lazy<string>(() => Train("classifier",
                ["train", "classify", "--data", BundledData.Amazon, "--data", BundledData.Yelp, "--model", "lstm", "--hidden", "32",
                 "--embedding-dim", "32", "--epochs", "3", "--lr", "0.005", "--quiet"]));
            LanguageModel = new Lazy<string>(() => Train("language-model",
                ["train", "lm", "--data", BundledData.Shakespeare, "--layers", "1", "--hidden", "64", "--time-limit", "4s", "--quiet"]));
            Translator = new Lazy<string>(() => Train("translator",
                ["train", "translate", "--data", Translation.TranslationFixture.PhraseBook, "--hidden", "16", "--embedding-dim", "16", "--epochs", "8",
                 "--lr", "0.01", "--quiet"]));
            Forecaster = new Lazy<string>(() =>
            {
                string sines = folder.Write("sines.csv", ForecastingData.SinesCsv());
                return Train("forecaster", ["train", "forecast", "--data", sines, "--horizon", "12", "--lookback", "100", "--hidden", "16", "--layers", "1",
                    "--epochs", "10", "--quiet"]);
            });
            Tagger = new Lazy<string>(() => Train("tagger",
                ["train", "tag", "--data", TaggingData.Train, "--valid", TaggingData.Valid, "--hidden", "32", "--embedding-dim", "32", "--char-size", "16",
                 "--char-dim", "16", "--epochs", "15", "--lr", "0.01", "--quiet"]));
            Comparison = new Lazy<string>(() => Train("comparison",
                ["compare", "classify", "--data", BundledData.Amazon, "--data", BundledData.Yelp, "--models", "rnn,lstm,bilstm,tfidf", "--hidden", "16",
                 "--embedding-dim", "16", "--epochs", "2", "--lr", "0.005", "--quiet"]));
            AttentionClassifier = new Lazy<string>(() => Train("attention-classifier",
                ["train", "classify", "--data", BundledData.Amazon, "--data", BundledData.Yelp, "--model", "gru", "--hidden", "16",
                 "--embedding-dim", "16", "--pooling", "attention", "--epochs", "2", "--lr", "0.01", "--quiet"]));
            ImportedGru = new Lazy<string>(() =>
            {
                var test = new Onnx.BackendNodeCase("test_gru_seq_length");
                string directory = folder.PathOf("imported-gru");
                RnnProcess.Succeeds(["import", "--onnx", test.ModelPath, "--input-tensors", test.DataSetPath, "--out", directory,
                    "--trace-spec", Path.Combine(directory, "trace.json")], folder.Root);
                return directory;
            });
        }

        public void Dispose() => folder.Dispose();

        private string Train(string name, string[] args)
        {
            string directory = folder.PathOf(name);
            RnnProcess.Succeeds([.. args, "--out", directory], folder.Root, TimeSpan.FromMinutes(3));
            return directory;
        }
    }
}
