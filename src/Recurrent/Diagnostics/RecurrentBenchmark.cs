using System.Diagnostics;
using Recurrent.Autograd;
using Recurrent.Decoding;
using Recurrent.Recurrence;
using Recurrent.Tasks.LanguageModel;
using Recurrent.Tensors;
using Recurrent.Training;

namespace Recurrent.Diagnostics;

/// <summary>
/// Measures Recurrent's recurrent layers on the configurations of the PyTorch reference scripts, in their manner
/// (2 warm-up runs, then timed runs for ≥ 2 s and ≥ 5 runs, at most 100; the median counts). Used by <c>rnn bench</c>
/// and by bench/Recurrent.Bench.
/// </summary>
public static class RecurrentBenchmark
{
    /// <summary>The standard grid of a mode: LSTM hidden 128/256/512 × 1–2 layers × uni/bi plus hidden 1024 (training),
    /// GRU and Elman hidden 128/256/512 (training), LSTM 1 layer (inference), the char LSTM (generation).
    /// <paramref name="cell"/> keeps one cell's part.</summary>
    public static IReadOnlyList<BenchSetting> StandardGrid(BenchMode mode, CellKind? cell = null, int batch = 32, int steps = 50, int input = 128)
    {
        var grid = new List<BenchSetting>();
        int[] hiddens = [128, 256, 512];
        if (mode == BenchMode.Generate)
        {
            grid.Add(CharLanguageModel(cell ?? CellKind.Lstm));
            return grid;
        }
        if (cell is null or CellKind.Lstm)
        {
            int[] layerCounts = mode == BenchMode.Train ? [1, 2] : [1];
            foreach (int layers in layerCounts)
                foreach (bool bi in new[] { false, true })
                    foreach (int h in hiddens)
                        grid.Add(new BenchSetting(CellKind.Lstm, mode, batch, steps, input, h, layers, bi));
            grid.Add(new BenchSetting(CellKind.Lstm, mode, batch, steps, input, 1024, 1, false));
        }
        if (mode == BenchMode.Train)
            foreach (var other in new[] { CellKind.Gru, CellKind.Elman })
                if (cell is null || cell == other)
                    foreach (int h in hiddens)
                        grid.Add(new BenchSetting(other, mode, batch, steps, input, h, 1, false));
        return grid;
    }

    /// <summary>charlm_latency.py's model: embedding 64 → 2-layer LSTM 512 → 65 symbols, 1000 characters per timed run.</summary>
    public static BenchSetting CharLanguageModel(CellKind cell = CellKind.Lstm, int embedding = 64, int hidden = 512, int layers = 2, int characters = 1000) =>
        new(cell, BenchMode.Generate, 1, characters, embedding, hidden, layers, false);

    /// <summary>Times one configuration on <paramref name="threads"/> threads.</summary>
    public static BenchMeasurement Measure(BenchSetting s, int threads, double peakGflops = 0, double targetSeconds = 2.0)
    {
        int previous = Gemm.MaxThreads;
        Gemm.MaxThreads = threads;
        try
        {
            var step = s.Mode switch
            {
                BenchMode.Train => TrainingStep(s),
                BenchMode.Infer => InferenceStep(s),
                _ => GenerationRun(s),
            };
            var times = Repeat(step, s.Mode == BenchMode.Generate ? 0.0 : targetSeconds);
            var sorted = times.Order().ToArray();
            return new BenchMeasurement(s, threads, Median(sorted), sorted[0], sorted[^1], sorted.Length, peakGflops);
        }
        finally
        {
            Gemm.MaxThreads = previous;
        }
    }

    /// <summary>
    /// The best SGEMM rate of <see cref="Gemm"/> at 1024³ over ~<paramref name="seconds"/>, the machine's peak for <see
    /// cref="BenchMeasurement.PeakShare"/>.
    /// </summary>
    public static double MeasurePeakGflops(int threads, double seconds = 0.5)
    {
        const int n = 1024;
        var a = new float[n * n];
        var b = new float[n * n];
        var c = new float[n * n];
        new Rng(1).FillNormal(a);
        new Rng(2).FillNormal(b);
        int previous = Gemm.MaxThreads;
        Gemm.MaxThreads = threads;
        try
        {
            double best = double.MaxValue;
            var clock = Stopwatch.StartNew();
            for (int i = 0; i < 3 || clock.Elapsed.TotalSeconds < seconds; i++)
            {
                long start = Stopwatch.GetTimestamp();
                Gemm.Multiply(false, false, n, n, n, 1f, a, n, b, n, 0f, c, n);
                best = Math.Min(best, Stopwatch.GetElapsedTime(start).TotalSeconds);
            }
            return 2.0 * n * n * n / best / 1e9;
        }
        finally
        {
            Gemm.MaxThreads = previous;
        }
    }

    private static RecurrentLayer Layer(BenchSetting s, Rng rng) => new(new RecurrentOptions
    {
        Cell = s.Cell, InputSize = s.Input, HiddenSize = s.Hidden, NumLayers = s.Layers,
        Bidirectional = s.Bidirectional, BatchFirst = false,
    }, rng);

    private static Action TrainingStep(BenchSetting s)
    {
        var rng = new Rng(0);
        var layer = Layer(s, rng);
        var x = new Tensor(s.Steps, s.Batch, s.Input);
        rng.FillNormal(x.Span);
        var target = new Tensor(s.Steps, s.Batch, s.Hidden * s.Directions);
        rng.FillNormal(target.Span);
        var input = new Variable(x);
        var adam = new Adam(layer.Parameters(), new AdamOptions { LearningRate = 1e-3f });
        return () =>
        {
            adam.ZeroGrad();
            using var tape = new Tape { ReuseGradientStorage = true, ReuseValueStorage = true }; // as the training loop does
            var output = layer.Forward(input).Output;
            Ops.MeanSquaredError(output, target).Backward();
            adam.Step();
        };
    }

    private static Action InferenceStep(BenchSetting s)
    {
        var rng = new Rng(0);
        var layer = Layer(s, rng);
        layer.Eval();
        var x = new Tensor(s.Steps, s.Batch, s.Input);
        rng.FillNormal(x.Span);
        var input = new Variable(x);
        return () => layer.Forward(input);
    }

    private static Action GenerationRun(BenchSetting s)
    {
        var rng = new Rng(0);
        var model = new RecurrentLanguageModel(new LanguageModelOptions
        {
            Cell = s.Cell, VocabularySize = s.Vocabulary, EmbeddingDimension = s.Input, HiddenSize = s.Hidden, NumLayers = s.Layers,
        }, rng);
        model.Eval();
        var stepper = new LanguageModelStepper(model);
        var sampler = new TokenSampler(s.Vocabulary, new SamplingOptions { Seed = 0 }, new Rng(1));
        var logits = new float[s.Vocabulary];
        var token = new int[1];
        return () =>
        {
            var state = stepper.Begin(1);
            token[0] = 0;
            for (int i = 0; i < s.Steps; i++)
            {
                state.Step(token, logits);
                token[0] = sampler.Next(logits);
            }
        };
    }

    /// <summary>
    /// Runs <paramref name="step"/> twice to warm up, then times it until ≥ <paramref name="targetSeconds"/> and ≥ 5
    /// runs (3 when a run takes over a second), at most 100.
    /// </summary>
    public static List<double> Repeat(Action step, double targetSeconds, int minRepeats = 5, int maxRepeats = 100, int warmup = 2)
    {
        var clock = Stopwatch.StartNew();
        for (int i = 0; i < warmup; i++) step();
        double warmupSeconds = clock.Elapsed.TotalSeconds / warmup;
        if (warmupSeconds > 1.0) (minRepeats, targetSeconds) = (3, 0.0);
        var times = new List<double>();
        clock.Restart();
        while (times.Count < maxRepeats && (times.Count < minRepeats || clock.Elapsed.TotalSeconds < targetSeconds))
        {
            long start = Stopwatch.GetTimestamp();
            step();
            times.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }
        return times;
    }

    /// <summary>The median of values sorted ascending.</summary>
    public static double Median(IReadOnlyList<double> sorted)
    {
        int n = sorted.Count;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
