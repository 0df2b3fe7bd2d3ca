namespace Recurrent.Bench;

/// <summary>Micro-benchmarks for Recurrent: <c>dotnet run -c Release --project bench/Recurrent.Bench -- SUBCOMMAND</c>.</summary>
public static class Program
{
    private static readonly Dictionary<string, (string Help, Func<string[], int> Run)> Commands = new()
    {
        ["gemm"] = ("SGEMM GFLOP/s at 1 and 2 threads: square sizes and RNN shapes", GemmBenchmark.Run),
        ["seq2seq"] = ("translator (issue 14): training target tokens/s and beam-5 sentences/s, and PyTorch's, alternately", Seq2SeqBenchmark.Run),
        ["forecast"] = ("forecaster (issue 15): training windows/s of a 2x64 LSTM on windows of 24, and PyTorch's, alternately", ForecastBenchmark.Run),
        ["tag"] = ("tagger (issue 16): training and tagging sentences/s of the Bi-LSTM-CNN-CRF, and PyTorch's, alternately", TagBenchmark.Run),
        ["bleu"] = ("BLEU-4 and chrF of bench/torch_seq2seq.py's translations against its references, with Recurrent's scorer", BleuCommand.Run),
        ["crf"] = ("linear-chain CRF (issue 16): NLL forward + backward and Viterbi ms at B=32, T=30, K=17", CrfBenchmark.Run),
        ["rnn"] = ("recurrent training step (forward + BPTT + Adam) or inference in tokens/s, and PyTorch's in the same run", RnnBenchmark.Run),
    };

    public static int Main(string[] args)
    {
        if (args.Length == 0 || !Commands.TryGetValue(args[0], out var command))
        {
            Console.Error.WriteLine("usage: Recurrent.Bench <subcommand> [options]");
            foreach (var (name, (help, _)) in Commands)
                Console.Error.WriteLine($"  {name,-8} {help}");
            return args.Length == 0 ? 1 : 2;
        }
        return command.Run(args[1..]);
    }
}
