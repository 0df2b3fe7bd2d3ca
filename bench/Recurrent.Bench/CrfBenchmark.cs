using System.Diagnostics;
using Recurrent.Autograd;
using Recurrent.Layers;
using Recurrent.Tensors;

namespace Recurrent.Bench;

/// <summary>
/// The linear-chain CRF layer (issue 16) at a tagger's batch: B = 32 sentences of T = 30 steps (lengths 15–30) over K = 17
/// tags (CoNLL-2003 in BIOES): the negative log-likelihood forward + backward and Viterbi decoding, median milliseconds of
/// 200 timed calls, at 1 and 2 threads. PyTorch's figure for the same CRF (float32, one thread) comes from
/// <c>/usr/bin/python3 tests/Recurrent.Tests/Goldens/Crf/make_crf_goldens.py --benchmark</c>.
/// Options: <c>--batch B --steps T --tags K</c>.
/// </summary>
internal static class CrfBenchmark
{
    public static int Run(string[] args)
    {
        int batch = 32, steps = 30, tags = 17;
        for (int i = 0; i + 1 < args.Length; i += 2)
        {
            int value = int.Parse(args[i + 1]);
            switch (args[i])
            {
                case "--batch": batch = value; break;
                case "--steps": steps = value; break;
                case "--tags": tags = value; break;
                default: Console.Error.WriteLine($"unknown option {args[i]}; use --batch, --steps or --tags"); return 2;
            }
        }
        var rng = new Rng(1800);
        var crf = new Crf(new CrfOptions { Tags = tags }, rng);
        var emissionValues = new Tensor(batch, steps, tags);
        rng.FillNormal(emissionValues.Span);
        var emissions = new Variable(emissionValues, requiresGrad: true, "emissions");
        var lengths = Enumerable.Range(0, batch).Select(_ => steps / 2 + rng.NextInt(steps - steps / 2 + 1)).ToArray();
        var gold = Enumerable.Range(0, batch * steps).Select(_ => rng.NextInt(tags)).ToArray();

        foreach (int threads in new[] { 1, 2 })
        {
            Gemm.MaxThreads = threads;
            double train = MedianMilliseconds(() =>
            {
                emissions.ZeroGrad();
                crf.ZeroGrad();
                using var tape = new Tape();
                crf.NegativeLogLikelihood(emissions, gold, lengths).Backward();
            });
            double decode = MedianMilliseconds(() => crf.Decode(emissionValues, lengths));
            Console.WriteLine($"recurrent crf B={batch} T={steps} K={tags}, {threads} thread(s): nll forward+backward {train:F3} ms, " +
                $"viterbi decode {decode:F3} ms");
        }
        return 0;
    }

    private static double MedianMilliseconds(Action call, int repeats = 200)
    {
        for (int i = 0; i < 20; i++) call();
        var times = new double[repeats];
        for (int i = 0; i < repeats; i++)
        {
            long start = Stopwatch.GetTimestamp();
            call();
            times[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }
        Array.Sort(times);
        return times[repeats / 2];
    }
}
