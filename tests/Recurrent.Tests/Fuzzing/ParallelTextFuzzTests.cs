using System.Text;
using CsCheck;
using Recurrent.Data;
using Recurrent.Tasks.Translation;

namespace Recurrent.Tests.Fuzzing;

/// <summary>
/// The reader of parallel text on mutated copies of real English–German pairs (Translation/Fixtures), as one file of
/// tab-separated pairs and as two aligned files: sane sentence pairs, or a <see cref="DataFormatException"/>.
/// </summary>
public sealed class ParallelTextFuzzTests : IDisposable
{
    private const int Iterations = 1500;

    private static readonly List<byte[]> PairFiles = FuzzSeeds.Fixtures("Translation/Fixtures", "*.tsv");

    private readonly InputFolder scratch = new("fuzz-parallel-text");

    [Fact]
    public void A_mutated_file_of_pairs_gives_sane_pairs_or_a_data_format_error()
    {
        string path = scratch.PathOf("pairs.tsv");
        ReaderFuzzer.Check("parallel-text", ByteMutations.Of(PairFiles), input =>
        {
            File.WriteAllBytes(path, input);
            foreach (bool skip in new[] { false, true }) ReadOrExplain(() => ParallelTextReader.Read(path, Options(skip)));
        }, Iterations);
    }

    [Fact]
    public void Mutated_aligned_files_give_sane_pairs_or_a_data_format_error()
    {
        string sourcePath = scratch.PathOf("train.en"), targetPath = scratch.PathOf("train.de");
        var sides = ByteMutations.Of([Column(0), Column(1)]);
        ReaderFuzzer.Check("parallel-text-aligned", Gen.Select(sides, sides), files =>
        {
            File.WriteAllBytes(sourcePath, files.Item1);
            File.WriteAllBytes(targetPath, files.Item2);
            foreach (bool skip in new[] { false, true }) ReadOrExplain(() => ParallelTextReader.Read(sourcePath, targetPath, Options(skip)));
        }, Iterations / 2, files => [.. files.Item1, .. "\n--- target file ---\n"u8, .. files.Item2], files => $"source {files.Item1.Length} bytes,");
    }

    private static ParallelTextOptions Options(bool skip) => new() { SkipBadRows = skip, MaxReportedBadRows = 3 };

    /// <summary>Runs a read; a documented error is fine, a result must be sane.</summary>
    private static void ReadOrExplain(Func<ParallelTextResult> read)
    {
        ParallelTextResult result;
        try
        {
            result = read();
        }
        catch (DataFormatException)
        {
            return;
        }
        Assert.NotEmpty(result.Pairs);
        Assert.True(result.SkippedRows >= 0 && result.Warnings.Count <= Math.Min(3, result.SkippedRows), $"{result.SkippedRows} skipped, {result.Warnings.Count} warnings");
        foreach (var pair in result.Pairs)
        {
            Assert.True(pair.Source.Length > 0 && pair.Target.Length > 0, $"an empty side from {pair.Where}");
            Assert.Equal(pair.Source.Trim(), pair.Source);
            Assert.Equal(pair.Target.Trim(), pair.Target);
            Assert.False(pair.Source.Contains('\t') || pair.Target.Contains('\t'), $"a tab inside a side from {pair.Where}");
            Assert.True(pair.Where.Line >= 1, $"line {pair.Where.Line}");
        }
    }

    /// <summary>One side of the fixture's pairs as a file of one sentence per line.</summary>
    private static byte[] Column(int column) => Encoding.UTF8.GetBytes(string.Concat(
        Encoding.UTF8.GetString(PairFiles[0]).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => line.Split('\t')[column] + "\n")));

    public void Dispose() => scratch.Dispose();
}
