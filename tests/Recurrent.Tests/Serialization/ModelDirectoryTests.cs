using System.Text.Json.Nodes;
using Recurrent.Serialization;

namespace Recurrent.Tests.Serialization;

public class ModelDirectoryTests
{
    private enum CellKind { Lstm, Gru }

    private sealed record EncoderOptions
    {
        public CellKind Cell { get; init; } = CellKind.Lstm;
        public int HiddenSize { get; init; } = 64;
        public bool Bidirectional { get; init; }
        public IReadOnlyList<int> Kernel { get; init; } = [];
    }

    private static TestModel Model(int hidden = 4) => new TestModel(("embedding", [10, 3])).With("encoder", new TestModel(("weight_ih_l0", [hidden, 3])));

    private static string WriteConfig(TempDirectory dir, string json)
    {
        string modelDir = Path.Combine(dir.Path, "model");
        ModelDirectory.Save(modelDir, new ModelConfig("classification"), Model());
        File.WriteAllText(Path.Combine(modelDir, ModelDirectory.ConfigFileName), json);
        return modelDir;
    }

    [Fact]
    public void Save_then_open_restores_the_config_and_the_weights()
    {
        using var dir = new TempDirectory();
        string modelDir = Path.Combine(dir.Path, "runs", "model");
        var config = new ModelConfig("classification");
        config.Architecture["hidden_size"] = 4;
        config.Preprocessing["lowercase"] = true;
        config.Vocabulary = new JsonArray("<pad>", "<unk>", "the");
        config.Labels = new JsonArray("neg", "pos");
        config.Training["epochs"] = 3;
        var model = Model();

        ModelDirectory.Save(modelDir, config, model);
        var opened = ModelDirectory.Open(modelDir);
        var restored = Model();
        opened.LoadWeights(restored);

        Assert.Equal(ModelConfig.CurrentFormatVersion, opened.Config.FormatVersion);
        Assert.Equal("classification", opened.Config.Task);
        Assert.Equal(config.Created, opened.Config.Created);
        Assert.Equal(ModelConfig.LibraryVersion, opened.Config.RecurrentVersion);
        Assert.Equal(4, (int)opened.Config.Architecture["hidden_size"]!);
        Assert.True((bool)opened.Config.Preprocessing["lowercase"]!);
        Assert.Equal(["<pad>", "<unk>", "the"], opened.Config.Vocabulary!.AsArray().Select(t => (string)t!));
        Assert.Equal(["neg", "pos"], opened.Config.Labels!.AsArray().Select(t => (string)t!));
        Assert.Equal(3, (int)opened.Config.Training["epochs"]!);
        Assert.Equal(model.GetParameter("encoder.weight_ih_l0").Value.Data, restored.GetParameter("encoder.weight_ih_l0").Value.Data);
    }

    [Fact]
    public void An_options_record_round_trips_through_a_section_with_snake_case_names()
    {
        var config = new ModelConfig("tagging");
        var options = new EncoderOptions { Cell = CellKind.Gru, HiddenSize = 128, Bidirectional = true, Kernel = [3, 5] };

        config.Set("architecture", options);
        var reread = ModelConfig.Parse(config.ToJsonString(), "config.json");

        Assert.Equal("gru", (string)reread.Architecture["cell"]!);
        Assert.Equal(128, (int)reread.Architecture["hidden_size"]!);
        var back = reread.Get<EncoderOptions>("architecture")!;
        Assert.Equal((options.Cell, options.HiddenSize, options.Bidirectional), (back.Cell, back.HiddenSize, back.Bidirectional));
        Assert.Equal([3, 5], back.Kernel);
        Assert.Null(reread.Get<EncoderOptions>("decoder"));
    }

    [Fact]
    public void A_section_that_does_not_fit_the_record_names_the_section()
    {
        var config = ModelConfig.Parse("""{"format_version": 1, "task": "t", "architecture": {"hidden_size": "large"}}""", "m/config.json");

        var error = Assert.Throws<ModelFormatException>(() => config.Get<EncoderOptions>("architecture"));

        Assert.StartsWith("m/config.json: 'architecture' does not fit EncoderOptions", error.Message);
    }

    [Fact]
    public void Entries_this_version_does_not_know_survive_a_save()
    {
        var config = ModelConfig.Parse("""{"format_version": 1, "task": "t", "calibration": {"temperature": 1.5}}""", "config.json");

        var reread = ModelConfig.Parse(config.ToJsonString(), "config.json");

        Assert.Equal(1.5, (double)reread["calibration"]!["temperature"]!);
    }

    [Fact]
    public void Saving_again_keeps_the_metrics_log()
    {
        using var dir = new TempDirectory();
        ModelDirectory.Save(dir.Path, new ModelConfig("t"), Model());
        MetricsLog.Append(dir.Path, new JsonObject { ["epoch"] = 1 });

        ModelDirectory.Save(dir.Path, new ModelConfig("t"), Model());

        Assert.Single(MetricsLog.Read(dir.Path));
        Assert.Equal(
            [ModelDirectory.ConfigFileName, ModelDirectory.MetricsFileName, ModelDirectory.WeightsFileName],
            Directory.GetFiles(dir.Path).Select(Path.GetFileName).Order());
    }

    [Fact]
    public void Opening_a_missing_directory_names_it()
    {
        using var dir = new TempDirectory();
        string missing = Path.Combine(dir.Path, "nope");

        var error = Assert.Throws<DirectoryNotFoundException>(() => ModelDirectory.Open(missing));

        Assert.Contains($"The model directory '{missing}' does not exist", error.Message);
    }

    [Fact]
    public void Opening_a_directory_without_a_config_says_it_is_not_a_model_directory()
    {
        using var dir = new TempDirectory();

        var error = Assert.Throws<FileNotFoundException>(() => ModelDirectory.Open(dir.Path));

        Assert.Contains("is not a model directory: it has no config.json", error.Message);
    }

    [Fact]
    public void Opening_a_directory_without_weights_says_so()
    {
        using var dir = new TempDirectory();
        new ModelConfig("t").Save(dir.File(ModelDirectory.ConfigFileName));

        var error = Assert.Throws<FileNotFoundException>(() => ModelDirectory.Open(dir.Path));

        Assert.Contains("has a config.json but no model.safetensors", error.Message);
    }

    [Fact]
    public void An_unparseable_config_reports_line_and_position()
    {
        using var dir = new TempDirectory();
        string modelDir = WriteConfig(dir, "{\n  \"format_version\": 1,\n  \"task\": \"t\"\n  \"labels\": []\n}\n");

        var error = Assert.Throws<ModelFormatException>(() => ModelDirectory.Open(modelDir));

        Assert.Equal(Path.Combine(modelDir, "config.json"), error.FilePath);
        Assert.Contains("not valid JSON at line 4, position 3", error.Message);
    }

    [Fact]
    public void A_newer_format_version_says_which_version_is_needed()
    {
        using var dir = new TempDirectory();
        string modelDir = WriteConfig(dir, """{"format_version": 2, "task": "t", "recurrent_version": "9.0.0"}""");

        var error = Assert.Throws<ModelFormatException>(() => ModelDirectory.Open(modelDir));

        Assert.Contains("format_version 2 (written by Recurrent 9.0.0)", error.Message);
        Assert.Contains("reads format_version 1 at most", error.Message);
        Assert.Contains("supports format_version 2", error.Message);
    }

    [Theory]
    [InlineData("""{"task": "t"}""", "'format_version' must be a positive integer, got nothing")]
    [InlineData("""{"format_version": "1", "task": "t"}""", "'format_version' must be a positive integer, got \"1\"")]
    [InlineData("""{"format_version": 1}""", "'task' must be a non-empty string")]
    [InlineData("""{"format_version": 1, "task": "t", "created": "yesterday"}""", "'created' must be an ISO 8601 time")]
    [InlineData("""[1, 2]""", "a model config must be a JSON object")]
    [InlineData("""{"format_version": 1, "task": "t", "task": "u"}""", "not valid JSON: Duplicate property 'task'")]
    public void A_malformed_config_names_the_field(string json, string expected)
    {
        var error = Assert.Throws<ModelFormatException>(() => ModelConfig.Parse(json, "config.json"));
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void Weights_that_do_not_fit_the_module_name_the_weights_file_and_the_mismatch()
    {
        using var dir = new TempDirectory();
        ModelDirectory.Save(dir.Path, new ModelConfig("t"), Model(hidden: 4));

        var error = Assert.Throws<StateDictMismatchException>(() => ModelDirectory.Open(dir.Path).LoadWeights(Model(hidden: 6)));

        Assert.Equal(dir.File(ModelDirectory.WeightsFileName), error.FilePath);
        Assert.Equal(["encoder.weight_ih_l0: file has [4, 3], model expects [6, 3]"], error.ShapeMismatches);
    }

    [Fact]
    public void Files_the_config_refers_to_must_be_inside_the_directory()
    {
        using var dir = new TempDirectory();
        var opened = ModelDirectory.Save(dir.Path, new ModelConfig("t"), Model());
        File.WriteAllText(dir.File("vocab.txt"), "the\n");

        Assert.Equal(dir.File("vocab.txt"), opened.FilePath("vocab.txt"));
        Assert.Throws<ModelFormatException>(() => opened.FilePath("../vocab.txt"));
        Assert.Contains("refers to 'missing.txt'", Assert.Throws<FileNotFoundException>(() => opened.FilePath("missing.txt")).Message);
    }

    [Fact]
    public void Metrics_are_appended_one_json_object_per_line()
    {
        using var dir = new TempDirectory();

        MetricsLog.Append(dir.Path, new JsonObject { ["epoch"] = 1, ["loss"] = 0.5, ["note"] = "two\nlines" });
        MetricsLog.Append(dir.Path, new JsonObject { ["epoch"] = 2, ["loss"] = 0.25 });

        var lines = File.ReadAllLines(dir.File(ModelDirectory.MetricsFileName));
        Assert.Equal(2, lines.Length);
        Assert.Equal("""{"epoch":2,"loss":0.25}""", lines[1]);
        var records = MetricsLog.Read(dir.Path);
        Assert.Equal([1, 2], records.Select(r => (int)r["epoch"]!));
        Assert.Equal("two\nlines", (string)records[0]["note"]!);
    }

    [Fact]
    public void A_damaged_metrics_line_is_reported_with_its_number()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File(ModelDirectory.MetricsFileName), "{\"epoch\":1}\n{\"epoch\":\n");

        var error = Assert.Throws<ModelFormatException>(() => MetricsLog.Read(dir.Path));

        Assert.Contains("line 2 is not valid JSON", error.Message);
    }
}
