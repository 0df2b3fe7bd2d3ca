using System.CommandLine;
using System.CommandLine.Parsing;
using Recurrent.Interpretation;

namespace Recurrent.Cli.Interpretation;

/// <summary>
/// The options of <c>rnn explain</c> and <c>rnn compare explain</c>: how integrated gradients run and where they go. With
/// <c>sequenceModels</c> the help also says what they mean for taggers and translators, which only <c>rnn explain</c> reads.
/// </summary>
internal sealed class ExplainFlags(bool sequenceModels)
{
    /// <summary>The --baseline values, in <see cref="BaselineKind"/> order: the tokens' names, as the docs and the JSON spell them.</summary>
    private static readonly IReadOnlyDictionary<string, BaselineKind> Baselines = new Dictionary<string, BaselineKind>
    {
        ["pad"] = BaselineKind.Pad, ["zero"] = BaselineKind.Zero, ["unk"] = BaselineKind.Unknown,
    };

    public Option<string?> Target { get; } = new("--target")
    {
        HelpName = "LABEL",
        Description = "The label whose probability is explained [default: the predicted label]" + (sequenceModels
            ? "; for a tagger, a tag explained at every word [default: each word's predicted tag]; not for translators."
            : "."),
    };

    public Option<int> Steps { get; } = new Option<int>("--steps")
    {
        HelpName = "N",
        Description = "Points on the path from the baseline to the text where the gradient is taken (Riemann rules: at least 2).",
        DefaultValueFactory = _ => new IntegratedGradientsOptions().Steps,
    }.AtLeast(1);

    public Option<BaselineKind?> Baseline { get; } = new("--baseline")
    {
        HelpName = string.Join("|", Baselines.Keys),
        Description = "The input the path starts from: every token replaced by <pad>, the zero vector, or every token replaced by <unk>. " +
                      "[default: pad]",
        CustomParser = ParseBaseline,
    };

    public Option<IntegrationRule?> Rule { get; } = EnumFlag.Create<IntegrationRule>("--rule",
        "How the path integral is approximated from the gradients at the steps.", IntegrationRule.GaussLegendre);

    public Option<bool> Json { get; } = new("--json")
    {
        Description = "Write JSON instead of the table: per explanation { tokens, attributions, target, probability, predicted, " +
                      "predicted_probability, baseline_probability, delta, steps, baseline, rule }" + (sequenceModels
            ? "; of a tagger or translator { tokens, outputs, attributions (a row per output), probabilities, baseline_probabilities, " +
              "deltas, steps, baseline, rule }."
            : "."),
    };

    public Option<string?> Html { get; } = new("--html")
    {
        HelpName = "FILE",
        Description = "Also write the explanations to a self-contained HTML page: the words coloured by attribution, as Captum's " +
                      "visualize_text" + (sequenceModels ? ", or for a tagger or translator a heat map of outputs × input tokens" : "") +
                      " (opens offline in any browser).",
    };

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { Target, Steps, Baseline, Rule, Json, Html }) command.Options.Add(option);
    }

    /// <summary>The --baseline value's name, as the flag and the JSON spell it.</summary>
    public static string NameOf(BaselineKind baseline) => Baselines.First(pair => pair.Value == baseline).Key;

    /// <summary>The integrated gradients settings of the flags; --steps below what --rule needs is an error naming --steps.</summary>
    public IntegratedGradientsOptions Read(ParseResult parse)
    {
        var options = new IntegratedGradientsOptions
        {
            Steps = parse.GetValue(Steps), Rule = parse.GetValue(Rule) ?? IntegrationRule.GaussLegendre,
            Baseline = parse.GetValue(Baseline) ?? BaselineKind.Pad,
            Target = parse.GetValue(Target),
        };
        options.Validate();
        return options;
    }

    /// <summary>
    /// The --html page's path, refused before any work when it cannot be written: a directory, or a folder that does not exist.
    /// </summary>
    public string? Page(ParseResult parse)
    {
        if (parse.GetValue(Html) is not { } page) return null;
        if (Directory.Exists(page)) throw new UsageException($"--html: '{page}' is a directory; give the path of the page to write, e.g. explain.html.");
        string? folder = Path.GetDirectoryName(Path.GetFullPath(page));
        if (folder is not null && !Directory.Exists(folder))
            throw new UsageException($"--html: the folder '{folder}' does not exist; create it or write the page elsewhere.");
        return page;
    }

    private static BaselineKind? ParseBaseline(ArgumentResult result)
    {
        string text = result.Tokens.Count == 0 ? "" : result.Tokens[0].Value.Trim().ToLowerInvariant();
        if (Baselines.TryGetValue(text, out var baseline)) return baseline;
        result.AddError($"--baseline: unknown value '{text}'; use one of {string.Join(", ", Baselines.Keys)}.");
        return null;
    }
}
