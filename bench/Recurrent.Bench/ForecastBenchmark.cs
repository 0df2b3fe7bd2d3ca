using System.Diagnostics;
using System.Globalization;
using Recurrent.Autograd;
using Recurrent.Recurrence;
using Recurrent.Tasks.Forecasting;
using Recurrent.Tensors;
using Recurrent.Training;

namespace Recurrent.Bench;

/// <summary>
/// <c>forecast [--seconds 10] [--rounds 3] [--batch 64] [--threads 2] [--no-torch]</c>: issue 15's speed figure, the training
/// of a 2×64 LSTM forecaster (the last step's state through a dense head, mean squared error, Adam) on windows of 24 steps of
/// one feature, horizon 1, in windows/s, and bench/torch_forecast.py --mode speed on the same model and series (a noisy sum
/// of sines), alternately for each round. The linear term (ForecastingModelOptions.LinearSkip) is off, as PyTorch's model
/// has none.
/// </summary>
public static class ForecastBenchmark
{
    public static int Run(string[] args)
    {
        double seconds = 10;
        int rounds = 3, batch = 64, threads = 2;
        bool torch = true;
        for (int i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--seconds": seconds = double.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--rounds": rounds = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--batch": batch = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--threads": threads = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--no-torch": torch = false; break;
                default: Console.Error.WriteLine($"unknown option {args[i]}"); return 2;
            }
        }
        Gemm.MaxThreads = threads;
        var windows = Windows(20_000, 24);
        for (int round = 1; round <= rounds; round++)
        {
            double ours = Measure(windows, batch, seconds);
            Console.WriteLine($"round {round}  Recurrent  train {ours:F0} windows/s");
            if (!torch) continue;
            if (TorchReference.Run("torch_forecast.py", ["--mode", "speed", "--seconds", seconds.ToString(CultureInfo.InvariantCulture),
                    "--batch", batch.ToString(CultureInfo.InvariantCulture), "--threads", threads.ToString(CultureInfo.InvariantCulture)]) is not { } reference)
                return 1;
            double theirs = reference["train_windows_per_s"]!.GetValue<double>();
            Console.WriteLine($"round {round}  PyTorch    train {theirs:F0} windows/s   ratio {ours / theirs:F2}");
        }
        return 0;
    }

    /// <summary>Every window of <paramref name="lookback"/> steps of the series torch_forecast.py trains on, and the value after it.</summary>
    private static SeriesWindows Windows(int length, int lookback)
    {
        var noise = new Rng(1);
        var series = new float[length];
        for (int t = 0; t < length; t++)
            series[t] = (float)(Math.Sin(2 * Math.PI * t / 50) + 0.5 * Math.Sin(2 * Math.PI * t / 17 + 1) + 0.25 * Math.Sin(2 * Math.PI * t / 7 + 2)
                + 0.1 * noise.Normal());
        int count = length - lookback;
        var inputs = new float[count * lookback];
        var targets = new float[count];
        for (int n = 0; n < count; n++)
        {
            series.AsSpan(n, lookback).CopyTo(inputs.AsSpan(n * lookback, lookback));
            targets[n] = series[n + lookback];
        }
        return new SeriesWindows(inputs, targets, count, lookback, 1, 1);
    }

    /// <summary>Training windows/s over consecutive batches for about <paramref name="seconds"/>, after five warm-up steps.</summary>
    private static double Measure(SeriesWindows windows, int batch, double seconds)
    {
        var model = new ForecastingModel(new ForecastingModelOptions
        {
            Cell = CellKind.Lstm, Lookback = windows.Lookback, Horizon = 1, HiddenSize = 64, NumLayers = 2, LinearSkip = false,
        }, new Rng(1));
        var adam = new Adam(model.Parameters(), new AdamOptions { LearningRate = 1e-3f });
        int batches = windows.Count / batch, next = 0;
        void Step()
        {
            int start = next++ % batches * batch;
            var inputs = new Variable(new Tensor(windows.Inputs.AsSpan(start * windows.Lookback, batch * windows.Lookback).ToArray(), batch, windows.Lookback, 1));
            var targets = new Tensor(windows.Targets.AsSpan(start, batch).ToArray(), batch, 1);
            model.ZeroGrad();
            using (new Tape { ReuseGradientStorage = true, ReuseValueStorage = true, PackWeightsOnce = true })
                model.Loss(inputs, targets).Backward();
            adam.Step();
        }
        for (int i = 0; i < 5; i++) Step();
        long count = 0;
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed.TotalSeconds < seconds)
        {
            Step();
            count += batch;
        }
        return count / clock.Elapsed.TotalSeconds;
    }
}
