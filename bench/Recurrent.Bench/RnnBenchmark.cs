using Recurrent.Diagnostics;
using Recurrent.Recurrence;

namespace Recurrent.Bench;

/// <summary>
/// <c>rnn [--cell lstm|gru|rnn] [--mode train|infer] [--batch 32] [--seq 50] [--input 128] [--hidden 256] [--layers 1] [--bidir] [--threads 2] [--no-torch]</c>:
/// our step (<see cref="RecurrentBenchmark"/>, the code behind <c>rnn bench</c>), then PyTorch's on the same setting, and the ratio.
/// </summary>
public static class RnnBenchmark
{
    public static int Run(string[] args)
    {
        var cell = CellKind.Lstm;
        var mode = BenchMode.Train;
        int batch = 32, steps = 50, input = 128, hidden = 256, layers = 1, threads = 2;
        bool bidirectional = false, torch = true;
        for (int i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--cell": cell = Next() switch { "lstm" => CellKind.Lstm, "gru" => CellKind.Gru, "rnn" => CellKind.Elman, var c => throw new ArgumentException($"unknown cell {c}") }; break;
                case "--mode": mode = Next() switch { "train" => BenchMode.Train, "infer" => BenchMode.Infer, var m => throw new ArgumentException($"unknown mode {m}") }; break;
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
        var setting = new BenchSetting(cell, mode, batch, steps, input, hidden, layers, bidirectional);
        var ours = RecurrentBenchmark.Measure(setting, threads);
        Console.WriteLine($"Recurrent {setting} threads={threads}: {ours.MedianMs:F2} ms/step (min {ours.MinMs:F2}, max {ours.MaxMs:F2}, n={ours.Repeats})  {ours.TokensPerSecond:F0} tokens/s");
        if (!torch) return 0;
        var reference = TorchReference.TokensPerSecond(setting, threads);
        if (reference is { } theirs)
            Console.WriteLine($"PyTorch   same setting: {theirs:F0} tokens/s   ratio Recurrent/PyTorch = {ours.TokensPerSecond / theirs:F2}");
        return 0;
    }
}
