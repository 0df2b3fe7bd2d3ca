using System.Text;
using Recurrent.Data;
using Recurrent.Tasks.Translation;
using Recurrent.Tests.EndToEnd;
using Recurrent.Tests.Fuzzing;

namespace Recurrent.Tests.Translation;

public sealed class ParallelTextReaderTests : IDisposable
{
    private static readonly ParallelTextOptions Skip = new() { SkipBadRows = true };

    private readonly InputFolder scratch = new("parallel-text");

    [Fact]
    public void Reads_tab_separated_pairs_in_file_order_with_umlauts_and_every_translation()
    {
        var result = ParallelTextReader.Read(TranslationFixture.Sample);

        Assert.Equal(39, result.Pairs.Count);
        Assert.Equal(0, result.SkippedRows);
        Assert.Equal(new ParallelTextPair("Hi.", "Grüß Gott!", new SourceLocation(TranslationFixture.Sample, 2)), result.Pairs[1]);
        Assert.Equal(["Übernimm du.", "Übernehmt ihr.", "Übernehmen Sie."], result.Pairs.Where(p => p.Source == "Take over.").Select(p => p.Target));
    }

    [Fact]
    public void Sides_are_trimmed_and_blank_lines_crlf_and_a_bom_are_tolerated()
    {
        string path = Write("pairs.tsv", "\uFEFF Hi. \t Hallo! \r\n\n   \nRun!\tLauf!\r\n");

        var pairs = ParallelTextReader.Read(path).Pairs;

        Assert.Equal([("Hi.", "Hallo!", 1), ("Run!", "Lauf!", 4)], pairs.Select(p => (p.Source, p.Target, p.Where.Line)));
    }

    [Fact]
    public void A_line_without_a_tab_is_an_error_naming_file_line_what_and_what_to_do()
    {
        string path = Write("pairs.tsv", "Hi.\tHallo!\nRun! Lauf!\n");

        var error = Assert.Throws<DataFormatException>(() => ParallelTextReader.Read(path));

        Assert.Equal($"{path}:2: the line has no tab, but a pair is a sentence, a tab and its translation. " +
            "Fix the line, or skip such lines (ParallelTextOptions.SkipBadRows).", error.Message);
        Assert.Equal(new SourceLocation(path, 2), error.Where);
    }

    [Fact]
    public void A_line_with_more_than_one_tab_is_an_error_that_says_how_to_keep_two_columns()
    {
        string path = Write("pairs.tsv", "Hi.\tHallo!\tCC-BY 2.0 (France) Attribution: tatoeba.org #538123\n");

        var error = Assert.Throws<DataFormatException>(() => ParallelTextReader.Read(path));

        Assert.StartsWith($"{path}:1: the line has 2 tabs, but a pair has one, between the sentence and its translation.", error.Message);
        Assert.Contains("cut -f1,2", error.Message);
    }

    [Theory]
    [InlineData("\tHallo!", "the source sentence is empty, but it has a translation")]
    [InlineData("  \t Hallo!", "the source sentence is empty, but it has a translation")]
    [InlineData("Hi.\t", "the translation is empty")]
    [InlineData("Hi.\t  ", "the translation is empty")]
    public void An_empty_side_is_an_error(string line, string reason)
    {
        string path = Write("pairs.tsv", $"Run!\tLauf!\n{line}\n");

        var error = Assert.Throws<DataFormatException>(() => ParallelTextReader.Read(path));

        Assert.Equal(reason, error.Reason);
        Assert.StartsWith($"{path}:2: {reason}.", error.Message);
    }

    [Fact]
    public void Skip_bad_rows_counts_every_malformed_line_and_keeps_the_first_reasons()
    {
        string path = Write("pairs.tsv", "no tab here\nHi.\tHallo!\n\tHallo!\na\tb\tc\nRun!\t\nFire!\tFeuer!\n");

        var result = ParallelTextReader.Read(path, Skip with { MaxReportedBadRows = 3 });

        Assert.Equal(["Hi.", "Fire!"], result.Pairs.Select(p => p.Source));
        Assert.Equal(4, result.SkippedRows);
        Assert.Equal([$"skipped {path}:1: the line has no tab, but a pair is a sentence, a tab and its translation",
            $"skipped {path}:3: the source sentence is empty, but it has a translation",
            $"skipped {path}:4: the line has 2 tabs, but a pair has one, between the sentence and its translation"], result.Warnings);
    }

    [Theory]
    [InlineData("")]
    [InlineData("\n\n  \n")]
    public void An_empty_file_is_an_error(string content)
    {
        string path = Write("pairs.tsv", content);

        var error = Assert.Throws<DataFormatException>(() => ParallelTextReader.Read(path, Skip));

        Assert.Equal($"{path}: no sentence pairs: the input is empty or has only blank lines. Check the path.", error.Message);
    }

    [Fact]
    public void A_file_whose_lines_were_all_skipped_is_an_error_that_says_so()
    {
        string path = Write("pairs.tsv", "one\ntwo\n");

        var error = Assert.Throws<DataFormatException>(() => ParallelTextReader.Read(path, Skip));

        Assert.StartsWith($"{path}: no sentence pairs could be read: all 2 lines were malformed and skipped.", error.Message);
    }

    [Fact]
    public void Invalid_utf8_is_an_error_with_its_line_from_the_strict_text_reading()
    {
        string path = scratch.PathOf("latin1.tsv");
        File.WriteAllBytes(path, [.. Encoding.UTF8.GetBytes("Hi.\tHallo!\nI know.\tIch wei"), 0xDF, (byte)'.', (byte)'\n']);

        var error = Assert.Throws<DataFormatException>(() => ParallelTextReader.Read(path, Skip));

        Assert.StartsWith($"{path}:2: the file is not valid UTF-8", error.Message);
        Assert.Contains("iconv", error.Message);
    }

    [Fact]
    public void A_missing_file_names_its_full_path_and_a_directory_is_refused()
    {
        string missing = scratch.PathOf("missing.tsv");

        var notFound = Assert.Throws<FileNotFoundException>(() => ParallelTextReader.Read(missing));
        var directory = Assert.Throws<DataFormatException>(() => ParallelTextReader.Read(scratch.Root));

        Assert.Contains(missing, notFound.Message);
        Assert.StartsWith($"{scratch.Root}: this is a directory", directory.Message);
    }

    [Fact]
    public void Two_aligned_files_pair_line_by_line_and_skip_lines_blank_in_both()
    {
        string source = Write("train.en", "Hi.\n\nRun!\n\n\n");
        string target = Write("train.de", "Hallo!\n\nLauf!\n");

        var pairs = ParallelTextReader.Read(source, target).Pairs;

        Assert.Equal([("Hi.", "Hallo!", 1), ("Run!", "Lauf!", 3)], pairs.Select(p => (p.Source, p.Target, p.Where.Line)));
        Assert.All(pairs, p => Assert.Equal(source, p.Where.File));
    }

    [Fact]
    public void Two_files_of_different_lengths_are_an_error_at_the_first_line_without_a_partner_even_when_skipping()
    {
        string source = Write("train.en", "Hi.\nRun!\nFire!\n");
        string target = Write("train.de", "Hallo!\nLauf!\n");

        var error = Assert.Throws<DataFormatException>(() => ParallelTextReader.Read(source, target, Skip));

        Assert.Equal($"{source}:3: this file has 3 lines but {target} has 2, so from this line on the sentences have no translation. " +
            "Give two files with the same number of lines, line i of one the translation of line i of the other.", error.Message);
    }

    [Fact]
    public void A_line_blank_in_one_aligned_file_only_is_an_error_at_that_file_and_line()
    {
        string source = Write("train.en", "Hi.\nRun!\nFire!\n");
        string target = Write("train.de", "Hallo!\n \nFeuer!\n");

        var error = Assert.Throws<DataFormatException>(() => ParallelTextReader.Read(source, target));
        var skipped = ParallelTextReader.Read(source, target, Skip);

        Assert.StartsWith($"{target}:2: the translation is empty.", error.Message);
        Assert.Equal(1, skipped.SkippedRows);
        Assert.Equal(["Hi.", "Fire!"], skipped.Pairs.Select(p => p.Source));
    }

    [Fact]
    public void A_tab_in_an_aligned_file_is_an_error_that_points_to_the_tab_separated_reading()
    {
        string source = Write("train.en", "Hi.\nRun!\n");
        string target = Write("train.de", "Hallo!\nLauf!\tRenn!\n");

        var error = Assert.Throws<DataFormatException>(() => ParallelTextReader.Read(source, target));

        Assert.StartsWith($"{target}:2: the line has a tab, but an aligned file holds one sentence per line.", error.Message);
        Assert.Contains("ParallelTextReader.Read(path)", error.Message);
    }

    [Fact]
    public void Two_empty_aligned_files_are_an_error()
    {
        string source = Write("train.en", "");
        string target = Write("train.de", "\n");

        var error = Assert.Throws<DataFormatException>(() => ParallelTextReader.Read(source, target));

        Assert.StartsWith($"{source}: no sentence pairs", error.Message);
    }

    [Fact]
    public void A_negative_number_of_reported_rows_is_refused_naming_the_option()
    {
        var error = Assert.Throws<ArgumentException>(() => ParallelTextReader.Read(TranslationFixture.Sample, new ParallelTextOptions { MaxReportedBadRows = -1 }));

        Assert.Contains("ParallelTextOptions.MaxReportedBadRows", error.Message);
    }

    [SharedDataFact]
    public void Reads_every_pair_of_the_shared_english_german_training_file()
    {
        var result = ParallelTextReader.Read(TranslationFixture.SharedTrain);

        Assert.Equal(19_769, result.Pairs.Count);
        Assert.Equal(15_023, result.Pairs.Select(p => p.Source).Distinct(StringComparer.Ordinal).Count());
        Assert.Contains(result.Pairs, p => p.Target.Contains('ß'));
    }

    private string Write(string name, string content) => scratch.Write(name, content);

    public void Dispose() => scratch.Dispose();
}
