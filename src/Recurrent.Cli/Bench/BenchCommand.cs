using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Recurrent.Diagnostics;
using Recurrent.Recurrence;

namespace Recurrent.Cli.Bench;

/// <summary>
/// <c>rnn bench</c>: the speed of the recurrent layers on this machine: training steps, inference or batch-1 generation,
/// for one configuration or, with no sizes given, the standard grid (the one ../shared/bench compares against PyTorch).
/// </summary>
internal static class BenchCommand
{
    public static Command Create()
    {
        var cell = new Option<string>("--cell") { Description = "lstm, gru or rnn (Elman, tanh) [default: lstm; with no sizes, every cell of the " +
            "grid]." }.OneOf("lstm", "gru", "rnn");
        var mode = new Option<string>("--mode") { Description = "train: forward + BPTT + Adam; infer: forward only; generate: batch-1 char LM, per " +
            "character.", DefaultValueFactory = _ => "train" }.OneOf("train", "infer", "generate");
        var batch = new Option<int?>("--batch") { Description = "Sequences per batch [default: 32; generate: 1]." }.AtLeast(1);
        var seq = new Option<int?>("--seq") { Description = "Time steps [default: 50; generate: characters per timed run, 1000]." }.AtLeast(1);
        var input = new Option<int?>("--input") { Description = "Input features [default: 128; generate: embedding size, 64]." }.AtLeast(1);
        var hidden = new Option<int?>("--hidden") { Description = "Hidden size [default: 256; generate: 512]." }.AtLeast(1);
        var layers = new Option<int?>("--layers") { Description = "Stacked layers [default: 1; generate: 2]." }.AtLeast(1);
        var bidirectional = new Option<bool>("--bidirectional") { Description = "Two directions." };
        var seconds = new Option<float>("--seconds") { Description = "Timed seconds per configuration (at least 5 " +
            "runs).", DefaultValueFactory = _ => 2f }.Positive();
        var peak = new Option<float?>("--peak-gflops") { Description = "The machine's SGEMM peak for peak_share [default: measured, best 1024³ " +
            "product]." }.Positive();
        var json = new Option<bool>("--json") { Description = "One JSON object per configuration and line: tokens_per_s, ms_per_step (median), gflops, " +
            "peak_share, threads…" };
        var command = new Command("bench",
            "Measure training, inference or generation speed: one configuration, or the standard grid when no size is given.\n" +
            "Examples: rnn bench --hidden 512 --layers 2 --bidirectional\n" +
            "          rnn bench --mode generate\n" +
            "          rnn bench --mode infer --json")
        {
            cell, mode, batch, seq, input, hidden, layers, bidirectional, seconds, peak, json,
        };
        command.SetAction(parse => CommandErrors.Run(() =>
        {
            var benchMode = parse.GetValue(mode)!.ToLowerInvariant() switch
            {
                "infer" => BenchMode.Infer, "generate" => BenchMode.Generate, _ => BenchMode.Train,
            };
            CellKind? cellKind = parse.GetValue(cell) is { } name ? CellNames.Find(name) : null;
            bool sized = parse.GetValue(batch) is not null || parse.GetValue(seq) is not null || parse.GetValue(input) is not null ||
                         parse.GetValue(hidden) is not null || parse.GetValue(layers) is not null || parse.GetValue(bidirectional);
            IReadOnlyList<BenchSetting> settings;
            if (benchMode == BenchMode.Generate)
            {
                var g = RecurrentBenchmark.CharLanguageModel(cellKind ?? CellKind.Lstm, parse.GetValue(input) ?? 64, parse.GetValue(hidden) ?? 512,
                    parse.GetValue(layers) ?? 2, parse.GetValue(seq) ?? 1000);
                settings = [g];
            }
            else if (sized)
                settings = [new BenchSetting(cellKind ?? CellKind.Lstm, benchMode, parse.GetValue(batch) ?? 32, parse.GetValue(seq) ?? 50,
                    parse.GetValue(input) ?? 128, parse.GetValue(hidden) ?? 256, parse.GetValue(layers) ?? 1, parse.GetValue(bidirectional))];
            else
                settings = RecurrentBenchmark.StandardGrid(benchMode, cellKind);
            return Run(settings, parse.GetValue(Program.Threads), parse.GetValue(seconds), parse.GetValue(peak), parse.GetValue(json));
        }));
        return command;
    }

    private static int Run(IReadOnlyList<BenchSetting> settings, int threads, double seconds, double? peak, bool json)
    {
        double peakGflops = peak ?? RecurrentBenchmark.MeasurePeakGflops(threads);
        if (!json)
            Console.WriteLine($"SGEMM peak (1024³, {threads} thread{(threads == 1 ? "" : "s")}): {F(peakGflops, 0)} " +
                $"GFLOP/s{(peak is null ? " measured" : "")}");
        foreach (var setting in settings)
        {
            var m = RecurrentBenchmark.Measure(setting, threads, peakGflops, seconds);
            if (json)
            {
                var record = new JsonObject
                {
                    ["kind"] = "recurrent_bench",
                    ["mode"] = setting.Mode.ToString().ToLowerInvariant(),
                    ["cell"] = RecurrentCells.NameOf(setting.Cell),
                    ["batch"] = setting.Batch,
                    ["seq"] = setting.Steps,
                    ["input"] = setting.Input,
                    ["hidden"] = setting.Hidden,
                    ["layers"] = setting.Layers,
                    ["bidirectional"] = setting.Bidirectional,
                    ["threads"] = threads,
                    ["tokens_per_s"] = JsonOutput.Number(m.TokensPerSecond),
                    ["ms_per_step"] = JsonOutput.Number(m.MedianMs),
                    ["ms_min"] = JsonOutput.Number(m.MinMs),
                    ["ms_max"] = JsonOutput.Number(m.MaxMs),
                    ["repeats"] = m.Repeats,
                    ["gflops"] = JsonOutput.Number(m.Gflops),
                    ["peak_gflops"] = JsonOutput.Number(peakGflops),
                    ["peak_share"] = JsonOutput.Number(m.PeakShare),
                };
                if (setting.Mode == BenchMode.Generate) record["ms_per_char"] = JsonOutput.Number(m.MsPerToken);
                Console.WriteLine(record.ToJsonString());
            }
            else if (setting.Mode == BenchMode.Generate)
                Console.WriteLine($"{setting}: {F(m.MsPerToken, 3)} ms/char (median; " +
                    $"{F(m.MinMs / setting.Tokens, 3)}–{F(m.MaxMs / setting.Tokens, 3)}, n={m.Repeats}), {F(m.Gflops, 1)} GFLOP/s");
            else
                Console.WriteLine($"{setting}: {F(m.TokensPerSecond, 0)} tokens/s, {F(m.MedianMs, 2)} ms/step (median; " +
                    $"{F(m.MinMs, 2)}–{F(m.MaxMs, 2)}, n={m.Repeats}), " +
                                  $"{F(m.Gflops, 1)} GFLOP/s = {F(100 * m.PeakShare, 0)}% of peak");
        }
        return 0;
    }

    private static string F(double value, int decimals) => value.ToString("F" + decimals, CultureInfo.InvariantCulture);
}
