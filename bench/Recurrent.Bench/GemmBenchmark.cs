using System.Diagnostics;
using Recurrent.Tensors;

namespace Recurrent.Bench;

/// <summary>
/// SGEMM throughput (GFLOP/s = 2·m·n·k / time) for square sizes and the products an LSTM layer issues,
/// at 1 and 2 threads. Each figure is the median (and best) of several timed rounds of about 0.2 s:
/// the best is the steadier figure when other work shares the machine.
/// Options: <c>--rounds N</c> (default 5), <c>--threads 1 2</c>, <c>--square 1024 2048</c> (only these square sizes),
/// <c>--shape M N K [unpacked]</c> (only h[M, K] · W[N, K]ᵀ with W packed once, or by each call), <c>--named TEXT</c> (only
/// the listed products whose name contains TEXT, e.g. "translator").
/// </summary>
internal static class GemmBenchmark
{
    /// <summary>One benchmarked product: C[m, n] = op(A)[m, k] · op(B)[k, n].</summary>
    private sealed record Shape(string Name, int M, int N, int K, bool TransA, bool TransB, bool Prepacked);

    private static readonly Shape[] Shapes =
    [
        new("square", 128, 128, 128, false, false, false),
        new("square", 256, 256, 256, false, false, false),
        new("square", 512, 512, 512, false, false, false),
        new("square", 1024, 1024, 1024, false, false, false),
        // h(t-1)·W_hhᵀ per time step, batch 32 and batch 1 (generation), W_hh packed once per sequence.
        new("lstm step h·Whhᵀ (packed)", 32, 1024, 256, false, true, true),
        new("lstm step h·Whhᵀ (unpacked)", 32, 1024, 256, false, true, false),
        // One core's half of the batch at hidden 512: W_hhᵀ (4 MiB) streams from L3 at every step.
        new("lstm 512 step, 16 rows (packed)", 16, 2048, 512, false, true, true),
        new("generate h·Whhᵀ (packed)", 1, 1024, 256, false, true, true),
        new("generate 2x512 h·Whhᵀ (packed)", 1, 2048, 512, false, true, true),
        // dh(t-1) = dgates·W_hh per step in backprop.
        new("lstm bwd dG·Whh (packed)", 32, 256, 1024, false, false, true),
        // Input projection hoisted over the sequence: X[T·B, 128]·W_ihᵀ.
        new("hoisted x·Wihᵀ", 1600, 1024, 128, false, true, false),
        // Weight gradient over the sequence: dGatesᵀ[4H, T·B]·H[T·B, H].
        new("wgrad dGᵀ·H", 1024, 256, 1600, true, false, false),
        // The translator's output layer (seq2seq: 367 target tokens, [s; c] 1024, vocabulary 5,704): scores, the
        // gradient of its input, the gradient of its weight.
        new("translator out X·Wᵀ", 367, 5704, 1024, false, true, false),
        new("translator out X·Wᵀ (packed)", 367, 5704, 1024, false, true, true),
        new("translator out dS·W", 367, 1024, 5704, false, false, false),
        new("translator out dSᵀ·X", 5704, 1024, 367, true, false, false),
    ];

    public static int Run(string[] args)
    {
        int rounds = 5;
        var threadCounts = new List<int> { 1, 2 };
        var shapes = Shapes;
        for (int i = 0; i < args.Length; i++)
        {
            if (args[i] == "--rounds" && i + 1 < args.Length)
                rounds = int.Parse(args[++i]);
            else if (args[i] == "--threads")
            {
                threadCounts.Clear();
                while (i + 1 < args.Length && int.TryParse(args[i + 1], out int t))
                {
                    threadCounts.Add(t);
                    i++;
                }
            }
            else if (args[i] == "--shape" && i + 3 < args.Length)
            {
                // --shape M N K [unpacked]: C[M, N] = A[M, K] · W[N, K]ᵀ with W packed once, as the per-step recurrent
                // product, or packed by the call, as the input projection.
                int m = int.Parse(args[++i]), n = int.Parse(args[++i]), k = int.Parse(args[++i]);
                bool unpacked = i + 1 < args.Length && args[i + 1] == "unpacked";
                if (unpacked) i++;
                shapes = [new Shape(unpacked ? "x·Wᵀ" : "h·Wᵀ (packed)", m, n, k, false, true, !unpacked)];
            }
            else if (args[i] == "--named" && i + 1 < args.Length)
            {
                string part = args[++i];
                shapes = Shapes.Where(shape => shape.Name.Contains(part, StringComparison.Ordinal)).ToArray();
            }
            else if (args[i] == "--square")
            {
                var sizes = new List<Shape>();
                while (i + 1 < args.Length && int.TryParse(args[i + 1], out int n))
                {
                    sizes.Add(new Shape("square", n, n, n, false, false, false));
                    i++;
                }
                shapes = sizes.ToArray();
            }
            else
            {
                Console.Error.WriteLine($"gemm: unknown option {args[i]}");
                return 2;
            }
        }

        Console.WriteLine($"SGEMM, {Environment.ProcessorCount} processors, median of {rounds} rounds");
        Console.WriteLine($"{"shape",-34} {"m",5} {"n",5} {"k",5}  " + string.Join("  ", threadCounts.Select(t => $"{t + " thr median (best)",20}")));
        foreach (var shape in shapes)
        {
            var figures = threadCounts.Select(t => Measure(shape, t, rounds));
            Console.WriteLine($"{shape.Name,-34} {shape.M,5} {shape.N,5} {shape.K,5}  " + string.Join("  ", figures.Select(g => $"{g.Median,12:F1} ({g.Best,5:F1})")));
        }
        Gemm.MaxThreads = Environment.ProcessorCount;
        return 0;
    }

    private static (double Median, double Best) Measure(Shape s, int threads, int rounds)
    {
        Gemm.MaxThreads = threads;
        var rng = new Random(1);
        float[] a = Random(rng, s.M * s.K), b = Random(rng, s.K * s.N), c = new float[s.M * s.N];
        int lda = s.TransA ? s.M : s.K, ldb = s.TransB ? s.K : s.N;
        var packed = s.Prepacked ? PackedMatrix.Pack(s.TransB, s.K, s.N, b, ldb) : null;
        Action multiply = packed is null
            ? () => Gemm.Multiply(s.TransA, s.TransB, s.M, s.N, s.K, 1, a, lda, b, ldb, 0, c, s.N)
            : () => Gemm.Multiply(s.TransA, s.M, 1, a, lda, packed, 0, c, s.N);

        // Warm up (tiered JIT, caches, worker threads), then size an inner loop to about 0.2 s.
        var watch = Stopwatch.StartNew();
        int calls = 0;
        while (watch.Elapsed.TotalSeconds < 0.3 || calls < 3)
        {
            multiply();
            calls++;
        }
        int inner = Math.Max(1, (int)(calls * 0.2 / watch.Elapsed.TotalSeconds));

        var gflops = new double[rounds];
        for (int r = 0; r < rounds; r++)
        {
            watch.Restart();
            for (int i = 0; i < inner; i++)
                multiply();
            double seconds = watch.Elapsed.TotalSeconds / inner;
            gflops[r] = 2.0 * s.M * s.N * s.K / seconds / 1e9;
        }
        Array.Sort(gflops);
        return (gflops[rounds / 2], gflops[^1]);
    }

    private static float[] Random(Random rng, int count)
    {
        var values = new float[count];
        for (int i = 0; i < count; i++)
            values[i] = (float)(rng.NextDouble() * 2 - 1);
        return values;
    }
}
