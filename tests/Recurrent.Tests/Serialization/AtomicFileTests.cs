using Recurrent.Serialization;

namespace Recurrent.Tests.Serialization;

public class AtomicFileTests
{
    [Fact]
    public void Write_creates_a_file_that_did_not_exist()
    {
        using var dir = new TempDirectory();
        AtomicFile.WriteAllText(dir.File("a.txt"), "hello");

        Assert.Equal("hello", File.ReadAllText(dir.File("a.txt")));
        Assert.Equal(["a.txt"], Directory.GetFiles(dir.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void Write_replaces_the_whole_old_content()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("a.txt"), "a much longer old content");

        AtomicFile.WriteAllText(dir.File("a.txt"), "new");

        Assert.Equal("new", File.ReadAllText(dir.File("a.txt")));
    }

    [Fact]
    public void A_writer_that_throws_leaves_the_old_file_intact_and_no_temporary_file()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("model.safetensors"), "old weights");

        Assert.Throws<InvalidOperationException>(() => AtomicFile.Write(dir.File("model.safetensors"), stream =>
        {
            stream.Write("half of the new wei"u8);
            throw new InvalidOperationException("disk full");
        }));

        Assert.Equal("old weights", File.ReadAllText(dir.File("model.safetensors")));
        Assert.Equal(["model.safetensors"], Directory.GetFiles(dir.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void A_writer_that_throws_before_any_file_existed_leaves_nothing()
    {
        using var dir = new TempDirectory();

        Assert.Throws<InvalidOperationException>(() => AtomicFile.Write(dir.File("config.json"), _ => throw new InvalidOperationException()));

        Assert.Empty(Directory.GetFiles(dir.Path));
    }

    [Fact]
    public void Writing_into_a_missing_directory_names_it()
    {
        using var dir = new TempDirectory();
        string missing = Path.Combine(dir.Path, "no-such-dir");

        var error = Assert.Throws<DirectoryNotFoundException>(() => AtomicFile.WriteAllText(Path.Combine(missing, "a.txt"), "x"));

        Assert.Contains(missing, error.Message);
    }
}
