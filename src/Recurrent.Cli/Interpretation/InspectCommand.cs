using System.CommandLine;
using System.Text.Json.Nodes;
using Recurrent.Interpretation;
using Recurrent.Reporting;
using Recurrent.Serialization;

namespace Recurrent.Cli.Interpretation;

/// <summary>
/// <c>rnn inspect DIR "some text" [--json] [--html FILE] [--palette viridis|diverging]</c>: what the recurrent layer of a saved
/// classifier, tagger or language model computed for one text, per layer and direction: the gates' saturation statistics, the
/// ranges of h_t and c_t and a heat map of h_t over time on a terminal; the whole <see cref="StateInspection"/> as JSON; and every
/// state and gate as heat maps on a self-contained page (<see cref="StateInspectionPage"/>). A classifier that pools with
/// attention also shows its weights over the tokens.
/// </summary>
internal static class InspectCommand
{
    public static Command Create()
    {
        var directory = new Argument<string>("DIR") { Description = "A model directory written by rnn train classify, rnn train tag or rnn train lm." };
        var text = new Argument<string?>("TEXT")
        {
            Description = "The text to run the model on (for a tagger, tokens separated by spaces).", Arity = ArgumentArity.ZeroOrOne,
        };
        var json = new Option<bool>("--json")
        {
            Description = "Write one JSON object: cell, tokens, and per layer and direction the states (h, and c for an LSTM: [token][unit]), " +
                          "the gates ([token][unit]) and their saturation (the share of values below low_threshold and above high_threshold); " +
                          "\"attention\" ([token]) for a classifier that pools with attention.",
        };
        var html = new Option<string?>("--html")
        {
            HelpName = "FILE",
            Description = "Also write every state and gate as a heat map (units down, tokens across) to a self-contained HTML page that " +
                          "opens offline in any browser.",
        };
        var palette = EnumFlag.Create<HeatMapPalette>("--palette",
            "The colours of every heat map on the --html page (default: diverging for h_t, c_t and the tanh candidates, viridis for the σ gates).");
        var command = new Command("inspect",
            "Show the hidden states and gates of a trained model's recurrent layer on one text.\n" +
            "Example: rnn inspect models/reviews \"a wonderful film\" --html inspect.html")
        {
            directory, text, json, html, palette,
        };
        command.SetAction(parse => CommandErrors.Run(() =>
        {
            string path = parse.GetValue(directory)!;
            string input = parse.GetValue(text)
                ?? throw new UsageException($"nothing to inspect: give a text after DIR (rnn inspect {path} \"a wonderful film\").");
            string? page = parse.GetValue(html);
            var colours = parse.GetValue(palette);
            if (colours is not null && page is null)
                throw new UsageException("--palette colours the heat maps of the --html page; give --html FILE as well, or drop --palette.");
            if (page is not null) CheckPage(page);
            var inspected = InspectedText.Of(path, input);
            if (parse.GetValue(json)) JsonOutput.Write(ToJson(inspected));
            else Console.Out.Write(StateSummary.Render(inspected, ConsoleOutput.ShowsColor));
            if (page is not null)
            {
                AtomicFile.WriteAllText(page, StateInspectionPage.ToHtml(inspected.Inspection, $"{path}: \"{input}\"", colours, inspected.Attention));
                if (!parse.GetValue(json)) Console.Out.WriteLine($"\nheat maps: {page}");
            }
            return 0;
        }));
        return command;
    }

    /// <summary>Refuses, before any work, an --html page that cannot be written.</summary>
    private static void CheckPage(string page)
    {
        if (Directory.Exists(page)) throw new UsageException($"--html: '{page}' is a directory; give the path of the page to write, e.g. inspect.html.");
        string? folder = Path.GetDirectoryName(Path.GetFullPath(page));
        if (folder is not null && !Directory.Exists(folder))
            throw new UsageException($"--html: the folder '{folder}' does not exist; create it or write the page elsewhere.");
    }

    /// <summary>The inspection's JSON (<see cref="StateInspection.ToJson"/>) with "model", "output" and, with attention pooling, "attention".</summary>
    private static JsonNode ToJson(InspectedText inspected)
    {
        var document = JsonNode.Parse(inspected.Inspection.ToJson())!.AsObject();
        document.Insert(0, "model", inspected.Model);
        if (inspected.Answer is { } answer) document.Insert(1, "output", answer);
        if (inspected.Attention is { } attention) document["attention"] = new JsonArray(attention.Select(weight => (JsonNode?)weight).ToArray());
        return document;
    }
}
