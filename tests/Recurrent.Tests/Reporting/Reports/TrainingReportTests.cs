using System.Text.RegularExpressions;
using System.Text.Json.Nodes;
using Recurrent.Reporting.Reports;
using Recurrent.Serialization;
using Recurrent.Tasks.Classification;

namespace Recurrent.Tests.Reporting.Reports;

public sealed partial class TrainingReportTests : IDisposable
{
    private readonly ReportModelDirectory model = new();

    public void Dispose() => model.Dispose();

    [Fact]
    public void The_page_has_one_chart_per_curve_the_configuration_and_the_classifiers_sections_in_order()
    {
        string html = TrainingReport.ToHtml(model.Path);

        Assert.Equal(6, Regex.Count(html, "<svg"));
        Assert.Equal(["Configuration", "Training curves", "Validation scores", "Confusion matrix", "Per class"],
            Heading().Matches(html).Select(match => match.Groups[1].Value));
        Assert.Contains("<title>Training report: reviews</title>", html);
        Assert.Contains("<tr><td>hidden_size</td><td class=\"text\">32</td></tr>", html);
        Assert.Contains("<tr><td>vocabulary</td><td class=\"text\">40 items</td></tr>", html);
        Assert.Contains("classification, 3 epochs, 90 optimizer steps, 4.5 s of training", html);
    }

    [Fact]
    public void The_page_names_no_web_address_and_loads_no_script_style_sheet_or_image()
    {
        string html = TrainingReport.ToHtml(model.Path);

        Assert.DoesNotContain("http://", html);
        Assert.DoesNotContain("https://", html);
        Assert.DoesNotContain("<script", html);
        Assert.DoesNotContain("<link", html);
        Assert.DoesNotContain("src=", html);
    }

    [Fact]
    public void Text_from_the_files_is_HTML_escaped()
    {
        using var odd = new ReportModelDirectory(labels: ["<b>bad</b>", "a & b"], name: "odd<name>");

        string html = TrainingReport.ToHtml(odd.Path);

        Assert.DoesNotContain("<b>bad</b>", html);
        Assert.Contains("<th>&lt;b&gt;bad&lt;/b&gt;</th>", html);
        Assert.Contains("<td>a &amp; b</td>", html);
        Assert.Contains("<title>Training report: odd&lt;name&gt;</title>", html);
    }

    [Fact]
    public void The_same_directory_gives_the_same_bytes_and_the_file_is_the_page()
    {
        string first = TrainingReport.ToHtml(model.Path);
        string path = TrainingReport.Write(model.Path);

        Assert.Equal(Path.Combine(model.Path, "report.html"), path);
        Assert.Equal(first, File.ReadAllText(path));
        Assert.Equal(first, TrainingReport.ToHtml(model.Path));
    }

    [Fact]
    public void The_confusion_matrix_shades_each_cell_by_its_share_of_the_row_and_the_per_class_table_has_the_scores()
    {
        // actual [0, 1, 1, 1, 0], predicted [0, 0, 1, 1, 1]: row negative 1 | 1, row positive 1 | 2.
        string html = TrainingReport.ToHtml(model.Path);

        Assert.Contains("<tr><th>negative</th><td style=\"background:rgba(33,102,172,0.5);color:#222\">1</td>" +
                        "<td style=\"background:rgba(33,102,172,0.5);color:#222\">1</td></tr>", html);
        Assert.Contains("<td style=\"background:rgba(33,102,172,0.667);color:#fff\">2</td>", html);
        Assert.Contains("<tr><td>positive</td><td>0.6667</td><td>0.6667</td><td>0.6667</td><td>3</td></tr>", html);
        Assert.Contains("<tr><td>5</td><td>0.6000</td><td>0.5833</td><td>0.4200</td></tr>", html);
    }

    [Fact]
    public void A_classifier_trained_without_validation_data_says_so_instead_of_a_confusion_matrix()
    {
        File.Delete(Path.Combine(model.Path, ClassificationEvaluationFile.FileName));

        string html = TrainingReport.ToHtml(model.Path);

        Assert.Contains("<h2>Validation</h2>", html);
        Assert.Contains("trained without validation data", html);
        Assert.DoesNotContain("Confusion matrix", html);
    }

    [Fact]
    public void A_task_without_sections_of_its_own_gets_the_configuration_and_the_curves() =>
        Assert.Empty(TrainingReport.TaskSections("some_future_task", model.Path));

    [Fact]
    public void A_missing_directory_is_refused_naming_it_and_what_a_model_directory_is()
    {
        string missing = Path.Combine(model.Path, "nowhere");
        var error = Assert.Throws<DirectoryNotFoundException>(() => TrainingReport.Write(missing));
        Assert.Contains($"'{missing}' does not exist", error.Message);
        Assert.Contains("--out of an rnn train command", error.Message);
    }

    [Fact]
    public void A_directory_without_config_json_is_refused_naming_the_file()
    {
        File.Delete(Path.Combine(model.Path, ModelDirectory.ConfigFileName));
        var error = Assert.Throws<FileNotFoundException>(() => TrainingReport.Write(model.Path));
        Assert.Contains("has no config.json, so it is not a model directory", error.Message);
    }

    [Fact]
    public void A_network_without_metrics_jsonl_is_refused_naming_the_file_and_how_to_get_one()
    {
        File.Delete(Path.Combine(model.Path, ModelDirectory.MetricsFileName));
        var error = Assert.Throws<FileNotFoundException>(() => TrainingReport.Write(model.Path));
        Assert.Contains("has no metrics.jsonl", error.Message);
        Assert.Contains("--resume", error.Message);
        Assert.False(File.Exists(Path.Combine(model.Path, TrainingReport.FileName)));
    }

    [Fact]
    public void A_baseline_fitted_in_one_go_has_a_page_without_curves()
    {
        File.Delete(Path.Combine(model.Path, ModelDirectory.MetricsFileName));
        var config = ModelConfig.Load(Path.Combine(model.Path, ModelDirectory.ConfigFileName));
        config.Architecture["kind"] = "tfidf";
        config.Save(Path.Combine(model.Path, ModelDirectory.ConfigFileName));

        string html = TrainingReport.ToHtml(model.Path);

        Assert.Contains("fitted in one go, not in epochs, so it has no training curves", html);
        Assert.DoesNotContain("<svg", html);
        Assert.Contains("<h2>Confusion matrix</h2>", html);
    }

    [Fact]
    public void Lists_in_the_configuration_are_written_out_up_to_twelve_items_and_nested_objects_by_dotted_names()
    {
        var config = new JsonObject
        {
            ["labels"] = new JsonArray("a", "b"),
            ["vocabulary"] = new JsonArray(Enumerable.Range(0, 13).Select(i => (JsonNode?)i).ToArray()),
            ["preprocessing"] = new JsonObject { ["tokenizer"] = new JsonObject { ["lowercase"] = true }, ["max_length"] = null },
        };

        Assert.Equal([("labels", "a, b"), ("vocabulary", "13 items"), ("preprocessing.tokenizer.lowercase", "true"), ("preprocessing.max_length", "none")],
            ConfigurationTable.Rows(config));
    }

    [GeneratedRegex("<h2>([^<]*)</h2>")]
    private static partial Regex Heading();
}
