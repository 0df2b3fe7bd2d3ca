using System.CommandLine;
using System.Text.Json.Nodes;
using Recurrent.Cli.Classification;
using Recurrent.Interpretation;
using Recurrent.Serialization;
using Recurrent.Tasks.Classification;

namespace Recurrent.Cli.Interpretation;

/// <summary>
/// <c>rnn compare explain DIR "text" [--target LABEL] [--steps N] [--baseline …] [--json] [--html FILE]</c>: the same text explained
/// by every recurrent classifier of an <c>rnn compare classify --out DIR</c> run (DIR/rnn, DIR/lstm, DIR/bilstm, …), side by side.
/// Models that cannot be explained (the baselines) are listed as skipped, with the reason.
/// </summary>
internal static class CompareExplainCommand
{
    public static Command Create()
    {
        var directory = new Argument<string>("DIR") { Description = "An output directory of rnn compare classify: one model directory per variant." };
        var text = new Argument<string>("TEXT") { Description = "The text every model explains." };
        var flags = new ExplainFlags(sequenceModels: false);
        var command = new Command("explain",
            "Explain one text with every recurrent classifier that rnn compare classify saved in DIR, side by side (integrated gradients).\n" +
            "Example: rnn compare explain models/compare \"Never has one movie captured the essence of the human spirit.\" --target 1")
        {
            directory,
            text,
        };
        flags.AddTo(command);
        command.SetAction(parse => CommandErrors.Run(() =>
            Run(parse.GetValue(directory)!, parse.GetValue(text)!, flags.Read(parse), parse.GetValue(flags.Json), flags.Page(parse))));
        return command;
    }

    private static int Run(string directory, string text, IntegratedGradientsOptions options, bool json, string? page)
    {
        var models = new List<string>();
        var explanations = new List<Explanation>();
        var skipped = new List<string>();
        foreach (string model in Variants(directory))
        {
            string path = Path.Combine(directory, model);
            string task = ModelDirectory.Open(path).Config.Task;
            var (explainer, refusal) = task == TextClassificationModel.TaskName
                ? ClassifierExplainer.Open(path)
                : (null, $"a '{task}' model; rnn compare explain explains {ClassifierExplainer.Supported}");
            if (explainer is null)
            {
                skipped.Add($"skipped {model}: {refusal}.");
                continue;
            }
            explainer.CheckTarget(options.Target, path);
            var explanation = explainer.Explain([text], options)[0];
            if (explanations.Count > 0 && !explanation.Tokens.SequenceEqual(explanations[0].Tokens))
                throw new UsageException($"{path} reads the text as other tokens than {Path.Combine(directory, models[0])} (its tokenizer or length " +
                    "limit differ), so their attributions cannot be set side by side; explain each with rnn explain.");
            models.Add(model);
            explanations.Add(explanation);
        }
        if (explanations.Count == 0)
            throw new UsageException($"{directory}: none of its models can be explained ({string.Join(" ", skipped)}) Compare recurrent " +
                "classifiers, e.g. rnn compare classify --models rnn,lstm,bilstm --out DIR.");

        if (json)
        {
            JsonOutput.Write(new JsonArray(explanations.Select((explanation, m) => (JsonNode?)ExplanationJson.Of(explanation, models[m])).ToArray()));
            foreach (string line in skipped) Console.Error.WriteLine(line);
        }
        else
        {
            Console.Out.Write(ExplanationText.Comparison(text, models, explanations, ConsoleOutput.ShowsColor));
            foreach (string line in skipped) Console.Out.WriteLine(line);
        }
        if (page is not null)
        {
            AtomicFile.WriteAllText(page, ExplanationPage.ToHtml($"Integrated gradients: \"{text}\"", explanations, models, skipped));
            if (!json) Console.Out.WriteLine($"explanation page: {page}");
        }
        return 0;
    }

    /// <summary>
    /// The subdirectories of <paramref name="directory"/> that hold a model (a config.json), in the order rnn compare classify lists
    /// its models (rnn, lstm, …, bilstm, …, tfidf), other names after them alphabetically.
    /// </summary>
    private static List<string> Variants(string directory)
    {
        if (!Directory.Exists(directory))
            throw new UsageException($"'{directory}' does not exist. Make it with rnn compare classify --data FILE --models rnn,lstm,bilstm --out {directory}");
        var variants = Directory.GetDirectories(directory).Select(Path.GetFileName).OfType<string>()
            .Where(name => File.Exists(Path.Combine(directory, name, ModelDirectory.ConfigFileName)))
            .OrderBy(name => Array.IndexOf(CompareClassifyCommand.ModelNames, name) is var index and >= 0 ? index : int.MaxValue)
            .ThenBy(name => name, StringComparer.Ordinal).ToList();
        if (variants.Count == 0)
            throw new UsageException($"'{directory}' holds no model directories (DIR/<name>/config.json). Make them with rnn compare classify --data FILE " +
                $"--models rnn,lstm,bilstm --out {directory}");
        return variants;
    }
}
