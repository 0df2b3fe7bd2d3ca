using Recurrent.Data;

namespace Recurrent.Tests.Data;

/// <summary>
/// Reads each real data set of shared/data with format auto and checks the counts given in its SOURCE.md.
/// The tests pass without checking anything when shared/data is not there.
/// </summary>
public class SharedDataTests
{
    private static readonly string? SharedData = FindSharedData();

    private static string? FindSharedData()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            string candidate = Path.Combine(directory.FullName, "shared", "data");
            if (Directory.Exists(candidate)) return candidate;
        }
        return null;
    }

    [Fact]
    public void Sst2_train_has_6920_sentences_in_2_classes()
    {
        if (SharedData is null) return;
        var result = LabelledTextReader.Read(Path.Combine(SharedData, "sentiment_sst2_train", "stsa.binary.train"));

        Assert.Equal(DataFormat.LabelFirst, result.DetectedFormat);
        Assert.Equal(6920, result.Dataset.Count);
        Assert.Equal([3310, 3610], result.Dataset.ClassCounts());
    }

    [Fact]
    public void Uci_sentiment_has_3000_sentences_in_2_classes()
    {
        if (SharedData is null) return;
        string[] files = ["amazon_cells_labelled.txt", "imdb_labelled.txt", "yelp_labelled.txt"];
        var result = LabelledTextReader.Read(files.Select(f => Path.Combine(SharedData, "sentiment_uci", f)).ToArray());

        Assert.Equal(DataFormat.Tsv, result.DetectedFormat);
        Assert.Equal(3000, result.Dataset.Count);
        Assert.Equal([1500, 1500], result.Dataset.ClassCounts());
        Assert.Equal(0, result.SkippedRows);
    }

    [Fact]
    public void Names_folder_has_20074_names_in_18_classes()
    {
        if (SharedData is null) return;
        var result = LabelledTextReader.Read(Path.Combine(SharedData, "names"));

        Assert.Equal(DataFormat.Folder, result.DetectedFormat);
        Assert.Equal(20074, result.Dataset.Count);
        Assert.Equal(18, result.Dataset.ClassCount);
        Assert.Equal(9408, result.Dataset.ClassCounts()[result.Dataset.LabelIndex("Russian")]);
    }

    [Fact]
    public void Ag_news_subset_has_5000_articles_in_4_classes()
    {
        if (SharedData is null) return;
        var result = LabelledTextReader.Read(Path.Combine(SharedData, "news_agnews_subset", "train_5000.csv"));

        Assert.Equal(DataFormat.Csv, result.DetectedFormat);
        Assert.Equal(5000, result.Dataset.Count);
        Assert.Equal([1259, 1257, 1281, 1203], result.Dataset.ClassCounts());
    }
}
