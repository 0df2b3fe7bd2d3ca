using System.Diagnostics;
using System.Text.Json.Nodes;
using Recurrent.Autograd;
using Recurrent.Tasks.Translation;
using Recurrent.Tensors;
using Recurrent.Training;

namespace Recurrent.Bench;

/// <summary>
/// <c>seq2seq [--seconds 10] [--warm-up 3] [--rounds 3] [--threads 2] [--load DIR --torch-load model.pt] [--no-torch]
/// [--interleave SECONDS]</c>: issue 14's translator at the
/// reference sizes
/// (embeddings 256, bidirectional GRU 256, Bahdanau attention, GRU decoder 512, batch 64) on
/// ../shared/data/translation_eng_deu: training target tokens/s (forward, backward, clipping, Adam) and beam-5 decoding
/// sentences/s (64 held-out sentences at a time), then bench/torch_seq2seq.py --mode speed on the same data, alternately
/// for each round. Each measurement first runs the same work untimed for --warm-up seconds (both sides): the first steps of a
/// process fault in its memory and fill its pools (Recurrent's first 2 s ran at 2,500 target tokens/s, the next at 3,000), and a
/// training run lasts minutes. Without --load both models are untrained, so both searches run every beam to the length limit (the same
/// work); with --load (a model directory from <c>rnn train translate</c>) and --torch-load (model.pt from
/// <c>torch_seq2seq.py --mode train</c>) each side decodes with its trained model, whose beams end where the sentences do.
/// With --interleave both sides stay up and take turns every few seconds (see <see cref="Interleave"/>).
/// </summary>
public static class Seq2SeqBenchmark
{
    public static int Run(string[] args)
    {
        double seconds = 10, warmUp = 3, slice = 0;
        int rounds = 3, threads = 2;
        bool torch = true, profile = false;
        string? load = null, torchLoad = null;
        for (int i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--seconds": seconds = double.Parse(Next(), System.Globalization.CultureInfo.InvariantCulture); break;
                case "--warm-up": warmUp = double.Parse(Next(), System.Globalization.CultureInfo.InvariantCulture); break;
                case "--rounds": rounds = int.Parse(Next()); break;
                case "--threads": threads = int.Parse(Next()); break;
                case "--no-torch": torch = false; break;
                case "--profile": profile = true; break;
                case "--interleave": slice = double.Parse(Next(), System.Globalization.CultureInfo.InvariantCulture); break;
                case "--load": load = Next(); break;
                case "--torch-load": torchLoad = Next(); break;
                default: Console.Error.WriteLine($"unknown option {args[i]}"); return 2;
            }
        }
        string? data = DataPath();
        if (data is null)
        {
            Console.Error.WriteLine("seq2seq needs ../shared/data/translation_eng_deu/deu_eng_train.txt beside the repository.");
            return 2;
        }
        Gemm.MaxThreads = threads;
        var setup = Setup.Load(data);
        Console.WriteLine($"data: {setup.Train.Count:N0} training pairs, {setup.HeldOut.Count:N0} held-out sources; " +
                          $"vocabularies {setup.Options.SourceVocabularySize:N0} / {setup.Options.TargetVocabularySize:N0}");
        if (profile)
        {
            Profile(setup, seconds);
            return 0;
        }
        if (slice > 0)
            return Interleave(setup, slice, rounds, warmUp, threads, load, torchLoad);
        for (int round = 1; round <= rounds; round++)
        {
            var (train, beam) = Measure(setup, seconds, warmUp, load is null ? null : Translator.Load(load));
            Console.WriteLine($"round {round}  Recurrent  train {train:F0} target tokens/s  beam-5 {beam:F1} sentences/s");
            if (!torch) continue;
            if (TorchSpeed(seconds, warmUp, threads, torchLoad) is not { } reference) return 1;
            double theirTrain = reference["train_target_tokens_per_s"]!.GetValue<double>();
            double theirBeam = reference["beam5_sentences_per_s"]!.GetValue<double>();
            Console.WriteLine($"round {round}  PyTorch    train {theirTrain:F0} target tokens/s  beam-5 {theirBeam:F1} sentences/s" +
                              $"   ratio train {train / theirTrain:F2}, beam-5 {beam / theirBeam:F2}");
        }
        return 0;
    }

    /// <summary>The training pairs, the held-out sources and the model's sizes, as bench/torch_seq2seq.py prepares them.</summary>
    private sealed record Setup(TranslationBatches Train, IReadOnlyList<int[]> HeldOut, IReadOnlyList<string> HeldOutText, TranslationModelOptions Options)
    {
        public static Setup Load(string path)
        {
            var pairs = ParallelTextReader.Read(path).Pairs;
            var tokenizer = new TranslationTokenizer(Text.TokenLevel.Word, lowercase: true);
            var split = TranslationSplit.HoldOutSources(pairs, 0.1, seed: 1);
            var source = TranslationVocabulary.Build(split.Train.Select(p => p.Source), tokenizer);
            var target = TranslationVocabulary.Build(split.Train.Select(p => p.Target), tokenizer);
            var train = TranslationBatches.Encode(split.Train, tokenizer, source, tokenizer, target, batchSize: 64);
            var heldOutText = split.Validation.Select(p => p.Source).Distinct().Where(s => tokenizer.Tokenize(s).Count > 0).ToArray();
            new Rng(1).Shuffle(heldOutText.AsSpan());
            var heldOut = heldOutText.Select(s => source.Encode(tokenizer.Tokenize(s))).ToArray();
            return new Setup(train, heldOut, heldOutText, new TranslationModelOptions
            {
                SourceVocabularySize = source.Count, TargetVocabularySize = target.Count,
            });
        }
    }

    /// <summary>
    /// Training target tokens/s (of an untrained model) and beam-5 sentences/s (of <paramref name="trained"/>'s network, or of the
    /// untrained one), each for about <paramref name="seconds"/> after <paramref name="warmUp"/> seconds untimed.
    /// </summary>
    private static (double Train, double Beam) Measure(Setup setup, double seconds, double warmUp, Translator? trained)
    {
        var work = new Work(setup, trained);
        return (Timed(work.TrainStep, seconds, warmUp), Timed(work.BeamBatch, seconds, warmUp));
    }

    /// <summary>
    /// --interleave SECONDS: both sides kept running (PyTorch in <c>torch_seq2seq.py --mode serve</c>), taking turns at slices of
    /// SECONDS, --rounds slices each for training and then for beam-5 decoding, the side that goes first swapped every slice, and
    /// a second's pause before each slice so that the other side's idle threads have stopped spinning. Prints each pair of
    /// slices and, per measure, the ratio of the two sides' total rates and the median of the pairs' ratios.
    /// </summary>
    private static int Interleave(Setup setup, double slice, int slices, double warmUp, int threads, string? load, string? torchLoad)
    {
        string[] loading = torchLoad is null ? [] : ["--load", torchLoad];
        using var torch = TorchServe.Start("torch_seq2seq.py", ["--threads", threads.ToString(), .. loading]);
        if (torch is null) return 1;
        var work = new Work(setup, load is null ? null : Translator.Load(load));
        foreach (var (measure, unit, ours, theirs) in new[]
                 {
                     ("train", "target tokens/s", (Func<int>)work.TrainStep, "train"),
                     ("beam-5", "sentences/s", work.BeamBatch, "beam"),
                 })
        {
            // Warm-up, untimed, on both sides.
            Slice(ours, warmUp);
            if (torch.Slice(theirs, warmUp) is null) return 1;
            double ourCount = 0, ourSeconds = 0, theirCount = 0, theirSeconds = 0;
            var ratios = new List<double>();
            for (int i = 1; i <= slices; i++)
            {
                (double Count, double Seconds) mine = default;
                (double Count, double Seconds)? reference = null;
                for (int turn = 0; turn < 2; turn++)
                {
                    Thread.Sleep(1000);
                    if ((turn == 0) == (i % 2 == 1)) mine = Slice(ours, slice);
                    else if ((reference = torch.Slice(theirs, slice)) is null) return 1;
                }
                var (count, seconds) = reference!.Value;
                double ourRate = mine.Count / mine.Seconds, theirRate = count / seconds;
                ratios.Add(ourRate / theirRate);
                (ourCount, ourSeconds, theirCount, theirSeconds) = (ourCount + mine.Count, ourSeconds + mine.Seconds, theirCount + count, theirSeconds + seconds);
                Console.WriteLine($"{measure} slice {i,2}  Recurrent {ourRate,7:F1}  PyTorch {theirRate,7:F1} {unit}  ratio {ourRate / theirRate:F2}");
            }
            ratios.Sort();
            double median = ratios.Count % 2 == 1 ? ratios[ratios.Count / 2] : (ratios[ratios.Count / 2 - 1] + ratios[ratios.Count / 2]) / 2;
            Console.WriteLine($"{measure}: Recurrent {ourCount / ourSeconds:F1}, PyTorch {theirCount / theirSeconds:F1} {unit} over " +
                              $"{slices} slices of {slice} s each; ratio of the totals {ourCount / ourSeconds / (theirCount / theirSeconds):F2}, " +
                              $"per pair median {median:F2} (range {ratios[0]:F2}–{ratios[^1]:F2})");
        }
        return 0;
    }

    /// <summary>Runs <paramref name="work"/> for about <paramref name="seconds"/> (at least once): units done and seconds taken.</summary>
    private static (double Count, double Seconds) Slice(Func<int> work, double seconds)
    {
        long count = 0;
        var clock = Stopwatch.StartNew();
        do count += work();
        while (clock.Elapsed.TotalSeconds < seconds);
        return (count, clock.Elapsed.TotalSeconds);
    }

    /// <summary>The two timed units of work on one model, as bench/torch_seq2seq.py has them: a training step (forward, backward,
    /// clipping, Adam) on the next batch of 64 pairs, and a beam-5 search over the next 64 held-out sentences.</summary>
    private sealed class Work(Setup setup, Translator? trained)
    {
        private readonly TranslationModel model = new(setup.Options, new Rng(1));

        /// <summary>The same untrained weights, never stepped: what beam search decodes without a trained model, however long
        /// training ran before it (a model trained for a few seconds already ends some beams early).</summary>
        private readonly TranslationModel untrained = new(setup.Options, new Rng(1));
        private readonly IReadOnlyList<int[]> sources = Sources(setup, trained);
        private Adam? adam;
        private IReadOnlyList<int[]>? batches;
        private int next, position;

        /// <summary>One training step of the untrained model; returns its target tokens.</summary>
        public int TrainStep()
        {
            adam ??= new Adam(model.Parameters(), new AdamOptions { LearningRate = 1e-3f });
            batches ??= setup.Train.Epoch(new Rng(1));
            var batch = setup.Train.Gather(setup.Train.ByTargetLength(batches[next++ % batches.Count]));
            model.ZeroGrad();
            using (new Tape { ReuseGradientStorage = true, ReuseValueStorage = true, PackWeightsOnce = true })
            {
                var (logits, targets) = model.Forward(batch);
                Ops.CrossEntropy(logits, targets).Backward();
            }
            adam.Step(GradientClipping.GlobalNormScale(model.Parameters(), 1f).Scale); // as the training loop clips
            return batch.TargetTokens;
        }

        /// <summary>The held-out sentences as ids of <paramref name="trained"/>'s vocabulary, or of the setup's.</summary>
        private static IReadOnlyList<int[]> Sources(Setup setup, Translator? trained) => trained is null ? setup.HeldOut
            : setup.HeldOutText.Select(s => trained.SourceVocabulary.Encode(trained.Tokenizer.Tokenize(s))).ToArray();

        /// <summary>One beam-5 search over 64 held-out sentences (with the trained network, or the untrained one); returns 64.</summary>
        public int BeamBatch()
        {
            var group = Enumerable.Range(0, 64).Select(i => sources[(position + i) % sources.Count]).ToArray();
            position += 64;
            TranslationSearch.Translate(trained?.Network ?? untrained, group, new TranslationSearchOptions { BeamWidth = 5 });
            return group.Length;
        }
    }

    /// <summary>Where a training step's time goes: forward, backward, clipping and Adam, each summed over the steps of <paramref name="seconds"/>.</summary>
    private static void Profile(Setup setup, double seconds)
    {
        var model = new TranslationModel(setup.Options, new Rng(1));
        var adam = new Adam(model.Parameters(), new AdamOptions { LearningRate = 1e-3f });
        var batches = setup.Train.Epoch(new Rng(1));
        var phases = new double[5];
        var total = Stopwatch.StartNew();
        int steps = 0;
        long tokens = 0;
        double flops = 0;
        int[] collections = [GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2)];
        var paused = GC.GetTotalPauseDuration();
        long allocated = GC.GetTotalAllocatedBytes();
        while (total.Elapsed.TotalSeconds < seconds)
        {
            var batch = setup.Train.Gather(setup.Train.ByTargetLength(batches[steps++ % batches.Count]));
            tokens += batch.TargetTokens;
            flops += ProductFlops(setup.Options, batch);
            var clock = Stopwatch.StartNew();
            model.ZeroGrad();
            using (var tape = new Tape { ReuseGradientStorage = true, ReuseValueStorage = true, PackWeightsOnce = true })
            {
                var (logits, targets) = model.Forward(batch);
                phases[0] += clock.Elapsed.TotalMilliseconds;
                clock.Restart();
                var loss = Ops.CrossEntropy(logits, targets);
                phases[1] += clock.Elapsed.TotalMilliseconds;
                clock.Restart();
                loss.Backward();
                phases[2] += clock.Elapsed.TotalMilliseconds;
            }
            clock.Restart();
            float gradientScale = GradientClipping.GlobalNormScale(model.Parameters(), 1f).Scale;
            phases[3] += clock.Elapsed.TotalMilliseconds;
            clock.Restart();
            adam.Step(gradientScale);
            phases[4] += clock.Elapsed.TotalMilliseconds;
        }
        Console.WriteLine($"{steps} steps, {tokens / total.Elapsed.TotalSeconds:F0} target tokens/s; ms per step: forward {phases[0] / steps:F1}, " +
                          $"loss {phases[1] / steps:F1}, backward {phases[2] / steps:F1}, clip {phases[3] / steps:F1}, adam {phases[4] / steps:F1}");
        Console.WriteLine($"garbage collections per step: gen0 {(GC.CollectionCount(0) - collections[0]) / (double)steps:F2}, " +
                          $"gen1 {(GC.CollectionCount(1) - collections[1]) / (double)steps:F2}, gen2 {(GC.CollectionCount(2) - collections[2]) / (double)steps:F2}; " +
                          $"paused {(GC.GetTotalPauseDuration() - paused).TotalMilliseconds / steps:F1} ms per step; " +
                          $"{(GC.GetTotalAllocatedBytes() - allocated) / 1e6 / steps:F1} MB allocated per step");
        double rate = OutputProductRate(setup.Options, (int)(tokens / steps));
        double floor = flops / steps / rate * 1e3;
        Console.WriteLine($"matrix products {flops / steps / 1e9:F1} GFLOP per step; at {rate / 1e9:F0} GFLOP/s (the output layer's forward " +
                          $"product timed alone) they take at least {floor:F0} ms, so at most {tokens / steps / floor * 1e3:F0} target tokens/s");
    }

    /// <summary>
    /// The floating-point operations of the matrix products of one training step (forward and the two products of each backward),
    /// counted from the sizes: the output layer over the N_t real target tokens, the decoder's cell over the same rows (its input
    /// [E; c] and its state), the attention's query projection, and over the N_s source tokens the encoder's directions and the
    /// attention keys. Point-wise work (gates, scores, softmax) is left out: it is the floor the products alone set.
    /// </summary>
    private static double ProductFlops(TranslationModelOptions o, TranslationBatch batch)
    {
        double targetRows = batch.TargetTokens, sourceRows = batch.SourceLengths.Sum();
        double gates = 3.0 * o.DecoderHiddenSize, features = o.DecoderHiddenSize + o.EncoderOutputSize;
        double forward = targetRows * features * o.TargetVocabularySize
            + targetRows * (o.EmbeddingDimension + o.EncoderOutputSize + o.DecoderHiddenSize) * gates
            + targetRows * o.DecoderHiddenSize * o.AttentionUnits
            + sourceRows * o.EncoderDirections * (o.EmbeddingDimension + o.HiddenSize) * 3.0 * o.HiddenSize
            + sourceRows * o.EncoderOutputSize * o.AttentionUnits;
        return 3 * 2 * forward;
    }

    /// <summary>FLOP/s of the output layer's forward product [rows, F] · [V_t, F]ᵀ on its own, the best of five timings.</summary>
    private static double OutputProductRate(TranslationModelOptions o, int rows)
    {
        int features = o.DecoderHiddenSize + o.EncoderOutputSize, words = o.TargetVocabularySize;
        var x = new float[rows * features];
        var w = new float[words * features];
        var y = new float[rows * words];
        new Rng(1).FillNormal(x, 0, 1);
        new Rng(2).FillNormal(w, 0, 1);
        double best = 0;
        for (int round = 0; round < 5; round++)
        {
            var clock = Stopwatch.StartNew();
            Gemm.Multiply(false, true, rows, words, features, 1f, x, features, w, features, 0f, y, words);
            best = Math.Max(best, 2.0 * rows * features * words / clock.Elapsed.TotalSeconds);
        }
        return best;
    }

    /// <summary>Calls <paramref name="work"/> (returning a count) for about <paramref name="seconds"/> after calling it untimed for
    /// <paramref name="warmUp"/> seconds (at least once); counts per second.</summary>
    private static double Timed(Func<int> work, double seconds, double warmUp)
    {
        var warming = Stopwatch.StartNew();
        do work();
        while (warming.Elapsed.TotalSeconds < warmUp);
        long count = 0;
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed.TotalSeconds < seconds) count += work();
        return count / clock.Elapsed.TotalSeconds;
    }

    private static string? DataPath()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "..", "shared", "data", "translation_eng_deu", "deu_eng_train.txt");
            if (File.Exists(candidate)) return Path.GetFullPath(candidate);
        }
        return null;
    }

    /// <summary>bench/torch_seq2seq.py --mode speed's JSON line, or null (with the reason on stderr).</summary>
    private static JsonNode? TorchSpeed(double seconds, double warmUp, int threads, string? load)
    {
        string[] loading = load is null ? [] : ["--load", load];
        var invariant = System.Globalization.CultureInfo.InvariantCulture;
        return TorchReference.Run("torch_seq2seq.py",
            ["--mode", "speed", "--seconds", seconds.ToString(invariant), "--warm-up", warmUp.ToString(invariant), "--threads", threads.ToString(), .. loading]);
    }
}
