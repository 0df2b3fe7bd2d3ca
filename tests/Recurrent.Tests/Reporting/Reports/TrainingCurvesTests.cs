using System.Text.Json.Nodes;
using Recurrent.Reporting.Reports;

namespace Recurrent.Tests.Reporting.Reports;

public sealed class TrainingCurvesTests
{
    [Fact]
    public void The_losses_share_a_chart_and_every_other_metric_has_its_own_then_gradient_norm_learning_rate_and_throughput()
    {
        var charts = TrainingCurves.Of([ReportModelDirectory.Epoch(1), ReportModelDirectory.Epoch(2)]);

        Assert.Equal(["Loss", "Validation accuracy", "Validation macro f1", "Gradient norm before clipping", "Learning rate", "Throughput"],
            charts.Select(chart => chart.Title));
        Assert.Equal(["train_loss", "valid_loss"], charts[0].Series.Select(series => series.Name));
        Assert.Equal(["grad_norm", "grad_norm_max"], charts[3].Series.Select(series => series.Name));
        Assert.All(charts, chart => Assert.Equal("Epoch", chart.XAxisTitle));
        Assert.Equal([1.0, 2.0], charts[0].X.NumberValues!);
        Assert.Equal([1.0, 0.5], charts[0].Series[0].Values);
    }

    [Fact]
    public void A_log_with_validations_inside_epochs_is_drawn_over_the_optimizer_step_with_a_gap_where_a_record_has_no_value()
    {
        var inside = new JsonObject { ["epoch"] = 1, ["batch"] = 10, ["train_loss"] = 2.0, ["valid_loss"] = 2.2, ["lr"] = 0.01, ["step"] = 10 };
        var end = ReportModelDirectory.Epoch(1);

        var charts = TrainingCurves.Of([inside, end]);

        Assert.All(charts, chart => Assert.Equal("Optimizer step", chart.XAxisTitle));
        Assert.Equal([10.0, 30.0], charts[0].X.NumberValues!);
        var throughput = charts.Single(chart => chart.Title == "Throughput");
        Assert.True(double.IsNaN(throughput.Series[0].Values[0]));
        Assert.Equal(20001, throughput.Series[0].Values[1]);
    }

    [Fact]
    public void A_metric_the_task_logs_is_charted_under_its_own_name_and_one_without_a_finite_value_is_left_out()
    {
        var records = new[]
        {
            new JsonObject { ["epoch"] = 1, ["train_loss"] = 3.0, ["valid_bleu"] = 12.5, ["valid_perplexity"] = null },
            new JsonObject { ["epoch"] = 2, ["train_loss"] = 2.0, ["valid_bleu"] = 20.0, ["valid_perplexity"] = null },
        };

        var charts = TrainingCurves.Of(records);

        Assert.Equal(["Loss", "Validation bleu"], charts.Select(chart => chart.Title));
        Assert.Equal("valid_bleu", charts[1].Series.Single().Name);
    }

    [Fact]
    public void An_empty_log_has_no_charts() => Assert.Empty(TrainingCurves.Of([]));
}
