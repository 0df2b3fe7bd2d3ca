using System.Diagnostics;
using Recurrent.Autograd;
using Recurrent.Recurrence;
using Recurrent.Tensors;
using Recurrent.Training;

namespace Recurrent.Bench;

/// <summary>
/// One training step of a recurrent layer — forward over the whole sequence, MSE loss against a fixed random
/// target, BPTT, Adam — exactly the step that ../shared/bench/torch_rnn_bench.py times for PyTorch.
/// Input is time-major [T, B, I] random normal, initial state zero.
/// </summary>
public static class RecurrentTrainingBenchmark
{
    public sealed record Setting(CellKind Cell, int Batch, int Steps, int Input, int Hidden, int Layers, bool Bidirectional);

    public sealed record Measurement(Setting Setting, double MedianMs, double MinMs, int Repeats)
    {
        public double TokensPerSecond => Setting.Batch * Setting.Steps / (MedianMs / 1e3);
    }

    /// <summary>
    /// <c>rnn [--cell lstm|gru|rnn] [--batch 32] [--seq 50] [--input 128] [--hidden 256] [--layers 1] [--bidir] [--threads 2] [--no-torch]</c>:
    /// our training step, then PyTorch's on the same setting, and the ratio.
    /// </summary>
    public static int Run(string[] args)
    {
        var cell = CellKind.Lstm;
        int batch = 32, steps = 50, input = 128, hidden = 256, layers = 1, threads = 2;
        bool bidirectional = false, torch = true;
        for (int i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--cell": cell = Next() switch { "lstm" => CellKind.Lstm, "gru" => CellKind.Gru, "rnn" => CellKind.Rnn, var c => throw new ArgumentException($"unknown cell {c}") }; break;
                case "--batch": batch = int.Parse(Next()); break;
                case "--seq": steps = int.Parse(Next()); break;
                case "--input": input = int.Parse(Next()); break;
                case "--hidden": hidden = int.Parse(Next()); break;
                case "--layers": layers = int.Parse(Next()); break;
                case "--threads": threads = int.Parse(Next()); break;
                case "--bidir": bidirectional = true; break;
                case "--no-torch": torch = false; break;
                default: Console.Error.WriteLine($"unknown option {args[i]}"); return 2;
            }
        }
        Gemm.MaxThreads = threads;
        var setting = new Setting(cell, batch, steps, input, hidden, layers, bidirectional);
        var ours = Run(setting);
        Console.WriteLine($"Recurrent {cell} B={batch} T={steps} I={input} H={hidden} L={layers} bi={bidirectional} threads={threads}: " +
                          $"{ours.MedianMs:F2} ms/step (min {ours.MinMs:F2}, n={ours.Repeats})  {ours.TokensPerSecond:F0} tokens/s");
        if (!torch) return 0;
        var reference = TorchReference.TrainingTokensPerSecond(setting, threads);
        if (reference is { } theirs)
            Console.WriteLine($"PyTorch   same setting: {theirs:F0} tokens/s   ratio Recurrent/PyTorch = {ours.TokensPerSecond / theirs:F2}");
        return 0;
    }

    public static Measurement Run(Setting s, double targetSeconds = 2.0)
    {
        var rng = new Rng(0);
        var layer = new RecurrentLayer(new RecurrentOptions
        {
            Cell = s.Cell, InputSize = s.Input, HiddenSize = s.Hidden, NumLayers = s.Layers,
            Bidirectional = s.Bidirectional, BatchFirst = false,
        }, rng);
        int directions = s.Bidirectional ? 2 : 1;
        var x = new Tensor(s.Steps, s.Batch, s.Input);
        rng.FillNormal(x.Span);
        var target = new Tensor(s.Steps, s.Batch, s.Hidden * directions);
        rng.FillNormal(target.Span);
        var input = new Variable(x);
        var adam = new Adam(layer.Parameters(), new AdamOptions { LearningRate = 1e-3f });

        void Step()
        {
            adam.ZeroGrad();
            using var tape = new Tape();
            var output = layer.Forward(input).Output;
            Ops.MeanSquaredError(output, target).Backward();
            adam.Step();
        }

        var times = Timing.Repeat(Step, targetSeconds);
        return new Measurement(s, Timing.Median(times), times.Min(), times.Count);
    }
}

/// <summary>Warm-up and repeat timing in the manner of the PyTorch scripts (median of ≥ 5 timed runs).</summary>
public static class Timing
{
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

    public static double Median(List<double> values)
    {
        var sorted = values.OrderBy(v => v).ToArray();
        int n = sorted.Length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
