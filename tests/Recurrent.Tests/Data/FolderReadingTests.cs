using Recurrent.Data;

namespace Recurrent.Tests.Data;

public class FolderReadingTests
{
    private static readonly ReadOptions Folder = new() { Format = DataFormat.Folder };

    [Fact]
    public void One_file_per_class_gives_one_example_per_line()
    {
        var dataset = LabelledTextReader.Read(Fixture.Path("names"), Folder).Dataset;

        Assert.Equal(["Alpha", "Beta"], dataset.Labels);
        Assert.Equal([3, 2], dataset.ClassCounts());
        Assert.Equal("Jones", dataset[4].Text);
        Assert.Equal(3, dataset[4].Where.Line);
    }

    [Fact]
    public void Files_with_another_extension_are_ignored_with_a_warning()
    {
        var result = LabelledTextReader.Read(Fixture.Path("names"), Folder);

        Assert.DoesNotContain("SOURCE", result.Dataset.Labels);
        Assert.Contains(result.Warnings, w => w.Contains("SOURCE.md") && w.Contains("*.txt"));
    }

    [Fact]
    public void Sub_folders_are_classes_and_each_file_is_one_example_by_default()
    {
        var result = LabelledTextReader.Read(Fixture.Path("reviews"), Folder);
        var dataset = result.Dataset;

        Assert.Equal(["neg", "pos"], dataset.Labels);
        Assert.Equal([1, 2], dataset.ClassCounts());
        Assert.Contains(dataset.Examples, e => e.Label == "pos" && e.Text == "A lovely film.\nIt has two lines.");
        Assert.Contains(result.Warnings, w => w.Contains("README.txt"));
    }

    [Fact]
    public void Sub_folders_can_give_one_example_per_line()
    {
        var options = Folder with { FolderExampleUnit = FolderExampleUnit.Line };
        var dataset = LabelledTextReader.Read(Fixture.Path("reviews"), options).Dataset;

        Assert.Equal([1, 3], dataset.ClassCounts());
    }

    [Fact]
    public void A_folder_without_class_files_is_an_error()
    {
        string directory = Path.Combine(Path.GetTempPath(), "recurrent-data-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "notes.md"), "x");

        var ex = Assert.Throws<DataFormatException>(() => LabelledTextReader.Read(directory, Folder));

        Assert.Contains("no *.txt files", ex.Message);
    }

    [Fact]
    public void A_file_given_to_the_folder_format_is_an_error()
    {
        var ex = Assert.Throws<DataFormatException>(() => LabelledTextReader.Read(Fixture.Path("sst_like.txt"), Folder));

        Assert.Contains("needs a directory", ex.Message);
    }
}
