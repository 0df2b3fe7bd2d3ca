using System.Diagnostics;
using System.Globalization;
using Recurrent.Autograd;
using Recurrent.Layers;
using Recurrent.Tasks.Tagging;
using Recurrent.Tensors;
using Recurrent.Text;
using Recurrent.Training;

namespace Recurrent.Bench;

/// <summary>
/// <c>tag [--seconds 10] [--rounds 3] [--data FILE] [--pretrained FILE] [--char cnn|lstm] [--random] [--threads 2] [--no-torch]</c>:
/// issue 16's speed figures. The tagger of the issue (word embedding, a character CNN of 50 filters, casing, a Bi-LSTM of 200
/// per direction, a CRF over the BIOES tags) on batches of 32 shuffled sentences of the data (CoNLL-2003's eng.train in
/// ../shared, else the bundled toy corpus): training sentences/s (forward, CRF negative log-likelihood, backward, clipping at
/// norm 5, Adam) and tagging sentences/s (forward and Viterbi), then bench/torch_tagger.py --mode speed on the same data and
/// model, alternately for each round. Both draw the same kind of batches: by default as training draws them (sentences of
/// similar lengths together, <see cref="Recurrent.Data.BatchPlan"/>; the script's --bucket), with --random 32 shuffled
/// sentences (padded to the longest: PyTorch packs them, Recurrent skips the rows that have ended at each step).
/// </summary>
public static class TagBenchmark
{
    private const int Batch = 32;

    public static int Run(string[] args)
    {
        double seconds = 10;
        int rounds = 3, threads = 2;
        bool torch = true, bucket = true;
        string? data = null, pretrained = null;
        var characters = CharacterEncoderKind.Cnn;
        for (int i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--seconds": seconds = double.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--rounds": rounds = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--threads": threads = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--data": data = Next(); break;
                case "--pretrained": pretrained = Next(); break;
                case "--char": characters = Next() == "lstm" ? CharacterEncoderKind.Lstm : CharacterEncoderKind.Cnn; break;
                case "--random": bucket = false; break;
                case "--no-torch": torch = false; break;
                default: Console.Error.WriteLine($"unknown option {args[i]}"); return 2;
            }
        }
        Gemm.MaxThreads = threads;
        data ??= DefaultData();
        var sentences = TaggedCorpusReader.Read(data).Sentences;
        var scheme = TagSchemes.Detect(sentences.Select(s => s.Tags));
        sentences = sentences.Select(s => s with { Tags = TagSchemes.Convert(s.Tags, scheme, TagScheme.Bioes) }).ToArray();
        var vectors = pretrained is null ? null : PretrainedVectors.Load(pretrained);
        var vocabulary = TaggingVocabulary.Build(sentences, pretrainedWords: vectors?.Words);
        var options = new TaggingModelOptions
        {
            WordVocabularySize = vocabulary.Words.Count, TagCount = vocabulary.Tags.Count,
            WordEmbeddingDimension = vectors?.Dimension ?? 100,
            Characters = new CharacterEncoderOptions { Kind = characters, VocabularySize = vocabulary.Characters.Count },
        };
        var batches = TaggingBatches.Of(sentences, vocabulary, readsCharacters: true, Batch);
        Console.WriteLine($"data {data}: {sentences.Count:N0} sentences, {vocabulary.Words.Count:N0} words, {vocabulary.Tags.Count} tags; " +
                          $"{(bucket ? "batches of similar lengths" : "batches of shuffled sentences")}; " +
                          $"model: {TaggingTraining.Describe(options)}");
        for (int round = 1; round <= rounds; round++)
        {
            var (train, tag) = Measure(batches, options, vocabulary, seconds, bucket);
            Console.WriteLine($"round {round}  Recurrent  train {train:F1} sentences/s  tag {tag:F1} sentences/s");
            if (!torch) continue;
            var arguments = new List<string> { "--mode", "speed", "--seconds", seconds.ToString(CultureInfo.InvariantCulture), "--data", data,
                "--threads", threads.ToString(CultureInfo.InvariantCulture), "--char", characters == CharacterEncoderKind.Lstm ? "lstm" : "cnn" };
            if (pretrained is not null) arguments.AddRange(["--pretrained", pretrained]);
            if (bucket) arguments.Add("--bucket");
            if (TorchReference.Run("torch_tagger.py", arguments) is not { } reference) return 1;
            double theirTrain = reference["train_sentences_per_s"]!.GetValue<double>(), theirTag = reference["tag_sentences_per_s"]!.GetValue<double>();
            Console.WriteLine($"round {round}  PyTorch    train {theirTrain:F1} sentences/s  tag {theirTag:F1} sentences/s   " +
                              $"ratio train {train / theirTrain:F2}  tag {tag / theirTag:F2}");
        }
        return 0;
    }

    private static string DefaultData()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string shared = Path.Combine(dir.FullName, "..", "shared", "data", "ner_conll2003", "eng.train");
            if (File.Exists(shared)) return Path.GetFullPath(shared);
            string toy = Path.Combine(dir.FullName, "data", "tagging", "toy.train.conll");
            if (File.Exists(toy)) return toy;
        }
        throw new FileNotFoundException("Neither ../shared/data/ner_conll2003/eng.train nor data/tagging/toy.train.conll was found; give --data FILE.");
    }

    /// <summary>Training and tagging sentences/s over batches of shuffled sentences for about <paramref name="seconds"/> each.</summary>
    private static (double Train, double Tag) Measure(TaggingBatches batches, TaggingModelOptions options, TaggingVocabulary vocabulary, double seconds,
        bool bucket)
    {
        var model = new TaggingModel(options, new Rng(1));
        model.Crf!.SetConstraints(TagSchemeConstraints.FromTags(vocabulary.Tags, TagScheme.Bioes));
        var adam = new Adam(model.Parameters(), new AdamOptions { LearningRate = 1e-3f });
        var shuffle = new Rng(1);
        var order = new Queue<int[]>();
        TaggingBatch Next()
        {
            if (order.Count == 0 && bucket)
                foreach (var indices in batches.Epoch(shuffle)) order.Enqueue(indices);
            if (order.Count == 0)
            {
                var all = Enumerable.Range(0, batches.Count).ToArray();
                shuffle.Shuffle(all.AsSpan());
                foreach (var indices in all.Chunk(Batch)) order.Enqueue(indices);
            }
            return batches.Gather(order.Dequeue());
        }
        int Step()
        {
            var batch = Next();
            model.ZeroGrad();
            using (new Tape { ReuseGradientStorage = true, ReuseValueStorage = true, PackWeightsOnce = true })
                model.Loss(batch).Backward();
            GradientClipping.ClipByGlobalNorm(adam.Parameters, 5f);
            adam.Step();
            return batch.Size;
        }
        int Tag()
        {
            var batch = Next();
            using (Tape.NoGrad())
            using (Module.Evaluating())
                model.Predict(batch);
            return batch.Size;
        }
        for (int i = 0; i < 3; i++) Step();
        return (Timed(Step, seconds), Timed(Tag, seconds));
    }

    private static double Timed(Func<int> work, double seconds)
    {
        long count = 0;
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed.TotalSeconds < seconds) count += work();
        return count / clock.Elapsed.TotalSeconds;
    }
}
