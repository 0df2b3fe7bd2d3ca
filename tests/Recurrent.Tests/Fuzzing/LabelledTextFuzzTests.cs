using CsCheck;
using Recurrent.Data;

namespace Recurrent.Tests.Fuzzing;

/// <summary>
/// The readers of labelled text (tsv, csv, label-first, jsonl, the format guess and folders) on mutated copies of the
/// data fixtures and of the bundled UCI sentiment files: a dataset of non-empty texts and labels, or a documented error.
/// </summary>
public sealed class LabelledTextFuzzTests : IDisposable
{
    private const int Iterations = 1500;

    private static readonly Gen<byte[]> Inputs = ByteMutations.Of(
    [
        .. FuzzSeeds.Fixtures("Data/Fixtures"),
        FuzzSeeds.BundledHead("sentiment_uci/amazon_cells_labelled.txt", 12),
        FuzzSeeds.BundledHead("sentiment_uci/imdb_labelled.txt", 6),
    ]);

    private readonly InputFolder scratch = new("fuzz-data");

    [Theory]
    [InlineData(DataFormat.Tsv, "input.tsv")]
    [InlineData(DataFormat.Csv, "input.csv")]
    [InlineData(DataFormat.LabelFirst, "input.txt")]
    [InlineData(DataFormat.Jsonl, "input.jsonl")]
    [InlineData(DataFormat.Auto, "input.txt")]
    public void A_mutated_data_file_gives_a_dataset_or_a_data_format_error(DataFormat format, string fileName)
    {
        string path = scratch.PathOf(fileName);
        ReaderFuzzer.Check($"data-{format}", Inputs, input =>
        {
            File.WriteAllBytes(path, input);
            ReadBothWays(path, format);
        }, Iterations);
    }

    [Fact]
    public void A_mutated_file_in_a_class_folder_gives_a_dataset_or_a_data_format_error()
    {
        // One file per class (names/) and one sub-folder per class (reviews/), each with one mutated file beside a good one.
        string classFiles = scratch.PathOf("classes"), subFolders = scratch.PathOf("subfolders");
        scratch.Write("classes/good.txt", "a fine example\nanother one\n");
        scratch.Write("subfolders/good/1.txt", "a fine example\n");
        string mutatedClassFile = scratch.PathOf("classes/mutated.txt"), mutatedExample = scratch.Write("subfolders/mutated/1.txt", "");
        ReaderFuzzer.Check("data-folder", Inputs, input =>
        {
            File.WriteAllBytes(mutatedClassFile, input);
            File.WriteAllBytes(mutatedExample, input);
            ReadBothWays(classFiles, DataFormat.Folder);
            ReadBothWays(subFolders, DataFormat.Auto);
            ReadBothWays(subFolders, DataFormat.Folder, FolderExampleUnit.Line);
        }, Iterations / 3);
    }

    /// <summary>Reads strictly and again skipping bad rows; each read gives a sane dataset or a documented error.</summary>
    private static void ReadBothWays(string path, DataFormat format, FolderExampleUnit unit = FolderExampleUnit.File)
    {
        foreach (bool skip in new[] { false, true })
        {
            try
            {
                var result = LabelledTextReader.Read(path, new ReadOptions { Format = format, SkipBadRows = skip, FolderExampleUnit = unit });
                RequireSane(result);
            }
            catch (DataFormatException)
            {
                // documented; the other way of reading still runs
            }
        }
    }

    private static void RequireSane(ReadResult result)
    {
        Assert.NotEqual(DataFormat.Auto, result.DetectedFormat);
        Assert.True(result.Dataset.Count > 0, "a dataset without examples was returned");
        Assert.Equal(result.Dataset.Labels.Count, result.Dataset.Labels.Distinct(StringComparer.Ordinal).Count());
        foreach (var example in result.Dataset.Examples)
        {
            Assert.False(string.IsNullOrWhiteSpace(example.Text), $"an empty text from {example.Where}");
            Assert.False(string.IsNullOrWhiteSpace(example.Label), $"an empty label from {example.Where}");
            Assert.True(example.Where.Line >= 1, $"line {example.Where.Line}");
        }
        Assert.True(result.SkippedRows >= 0);
    }

    public void Dispose() => scratch.Dispose();
}
