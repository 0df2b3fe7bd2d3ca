using System.Globalization;
using System.Text;
using Recurrent.Tasks.Forecasting;

namespace Recurrent.Cli.Forecasting;

/// <summary>The scores of a forecaster and the baselines on the same forecasts, as one line and as a table.</summary>
internal static class ForecastTable
{
    /// <summary>"RMSE 14.44, MAE 11.2, MAPE 3.1%, sMAPE 3.0%, MASE 0.41 (80% interval covers 78%)".</summary>
    public static string Describe(ForecastEvaluation evaluation)
    {
        var s = evaluation.Model;
        string coverage = evaluation.Coverage is { } c && evaluation.IntervalLevels is [var low, var high]
            ? $" ({Number((high - low) * 100)}% interval covers {Number(c * 100)}%)"
            : "";
        return $"RMSE {Number(s.Rmse)}, MAE {Number(s.Mae)}, MAPE {Percent(s.Mape)}, sMAPE {Percent(s.Smape)}, MASE {Optional(s.Mase)}{coverage}";
    }

    /// <summary>The model's and each baseline's RMSE, MAE, MAPE, sMAPE and MASE, one row each, lowest RMSE marked.</summary>
    public static string Format(ForecastEvaluation evaluation)
    {
        var rows = new List<(string Name, ForecastScores Scores)> { ("model", evaluation.Model) };
        rows.AddRange(evaluation.Baselines.Select(b => (b.Key, b.Value)));
        double best = rows.Min(r => r.Scores.Rmse);
        var text = new StringBuilder();
        text.AppendLine($"  {"",-16}{"RMSE",10}{"MAE",10}{"MAPE",9}{"sMAPE",9}{"MASE",8}");
        foreach (var (name, scores) in rows)
            text.AppendLine($"  {(scores.Rmse == best ? "* " : "  ") + name,-16}{Number(scores.Rmse),10}{Number(scores.Mae),10}" +
                            $"{Percent(scores.Mape),9}{Percent(scores.Smape),9}{Optional(scores.Mase),8}");
        return text.ToString();
    }

    public static string Number(double value) => value.ToString(Math.Abs(value) >= 100 ? "F1" : "G4", CultureInfo.InvariantCulture);

    private static string Percent(double? value) => value is { } v ? v.ToString("F1", CultureInfo.InvariantCulture) + "%" : "-";

    private static string Optional(double? value) => value is { } v ? v.ToString("F3", CultureInfo.InvariantCulture) : "-";
}
