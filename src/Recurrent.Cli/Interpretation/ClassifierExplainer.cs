using System.Text.Json.Nodes;
using Recurrent.Interpretation;
using Recurrent.Serialization;
using Recurrent.Tasks.Classification;

namespace Recurrent.Cli.Interpretation;

/// <summary>
/// Integrated gradients of a saved text classifier (a model directory of <c>rnn train classify</c>): each text is read as the
/// model reads it (its tokenizer, vocabulary and length limit) and its prediction attributed to the tokens at the embedding layer.
/// Only recurrent classifiers have an embedding layer to attribute to; the TF-IDF and mean-vector baselines are refused.
/// </summary>
internal sealed class ClassifierExplainer
{
    /// <summary>What <c>rnn explain</c> explains, for the messages that refuse another model.</summary>
    public const string Supported = "recurrent text classifiers (models of rnn train classify without --baseline)";

    private readonly TextClassificationModel model;
    private readonly RecurrentTextClassifier recurrent;

    private ClassifierExplainer(TextClassificationModel model, RecurrentTextClassifier recurrent)
    {
        this.model = model;
        this.recurrent = recurrent;
    }

    /// <summary>The classifier's labels, in class order.</summary>
    public IReadOnlyList<string> Labels => model.Labels;

    /// <summary>The classifier in <paramref name="directory"/>, or why it cannot be explained (a baseline).</summary>
    public static (ClassifierExplainer? Explainer, string? Refusal) Open(string directory)
    {
        var model = TextClassificationModel.Load(directory);
        return model.Recurrent is { } recurrent
            ? (new ClassifierExplainer(model, recurrent), null)
            : (null, $"a {model.Kind} baseline has no embedding layer whose token vectors integrated gradients could credit; explain " +
                     $"supports {Supported}");
    }

    /// <summary>The classifier in <paramref name="directory"/>; a baseline is a usage error saying what is explained.</summary>
    public static ClassifierExplainer Load(string directory)
    {
        var (explainer, refusal) = Open(directory);
        return explainer ?? throw new UsageException($"{directory}: {refusal}.");
    }

    /// <summary>A --target that is not one of the labels is a usage error listing them.</summary>
    public void CheckTarget(string? target, string directory)
    {
        if (target is not null && !Labels.Contains(target))
            throw new UsageException($"--target: '{target}' is not a label of {directory}; its labels are {string.Join(", ", Labels)}.");
    }

    /// <summary>
    /// <c>rnn explain</c> of a classifier: explains each text and shows the explanations (a table, or JSON: one object for one text,
    /// an array in input order for several), and writes them to <paramref name="page"/> when given.
    /// </summary>
    public static int Run(string directory, IReadOnlyList<string> texts, IntegratedGradientsOptions options, bool json, string? page)
    {
        var explainer = Load(directory);
        explainer.CheckTarget(options.Target, directory);
        var explanations = explainer.Explain(texts, options);
        if (json)
            JsonOutput.Write(explanations.Count == 1
                ? ExplanationJson.Of(explanations[0])
                : new JsonArray(explanations.Select(explanation => (JsonNode?)ExplanationJson.Of(explanation)).ToArray()));
        else
            Console.Out.Write(string.Join("\n", texts.Select((text, i) => ExplanationText.Single(text, explanations[i], ConsoleOutput.ShowsColor))));
        if (page is not null)
        {
            AtomicFile.WriteAllText(page, ExplanationPage.ToHtml($"Integrated gradients of {Path.GetFileName(Path.GetFullPath(directory))}", explanations));
            if (!json) Console.Out.WriteLine($"explanation page: {page}");
        }
        return 0;
    }

    /// <summary>One explanation per text, in order, with <paramref name="options"/> (their target checked by <see cref="CheckTarget"/>).</summary>
    public IReadOnlyList<Explanation> Explain(IReadOnlyList<string> texts, IntegratedGradientsOptions options)
    {
        var integratedGradients = new IntegratedGradients(recurrent.Network, Labels, options);
        return texts.Select(text =>
        {
            var (tokens, ids) = recurrent.Read(text);
            return integratedGradients.Explain(tokens, ids);
        }).ToList();
    }
}
