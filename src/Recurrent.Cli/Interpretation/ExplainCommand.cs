using System.CommandLine;
using Recurrent.Cli.Classification;
using Recurrent.Serialization;
using Recurrent.Tasks.Classification;
using Recurrent.Tasks.Tagging;
using Recurrent.Tasks.Translation;

namespace Recurrent.Cli.Interpretation;

/// <summary>
/// <c>rnn explain DIR "text" … [--target LABEL] [--steps 64] [--baseline pad|zero|unk] [--rule …] [--json] [--html FILE]</c>:
/// integrated gradients of a saved model's prediction, attributed to each input token. The model's task chooses its explainer:
/// <see cref="ClassifierExplainer"/> for a classifier, <see cref="SequenceExplainer"/> for a tagger or a translator.
/// </summary>
internal static class ExplainCommand
{
    /// <summary>What <c>rnn explain</c> explains, for the message that refuses another kind of model.</summary>
    public const string Supported =
        "recurrent text classifiers (rnn train classify without --baseline), taggers (rnn train tag) and translators (rnn train translate)";

    public static Command Create()
    {
        var directory = new Argument<string>("DIR")
        {
            Description = "A model directory written by rnn train classify (a recurrent classifier), rnn train tag or rnn train translate.",
        };
        var texts = new Argument<string[]>("TEXT") { Description = "Texts to explain.", Arity = ArgumentArity.OneOrMore };
        var flags = new ExplainFlags(sequenceModels: true);
        var command = new Command("explain",
            "Attribute a classifier's prediction to each token of the text with integrated gradients (at the embedding layer, summed over its " +
            "dimensions, as Captum's LayerIntegratedGradients): green tokens raise the target label's probability, red ones lower it. For a " +
            "tagger, each word's tag is explained by all the words; for a translator, each token of the translation by the source tokens.\n" +
            "Example: rnn explain models/reviews \"a wonderful film\" --target 1")
        {
            directory,
            texts,
        };
        flags.AddTo(command);
        command.SetAction(parse => CommandErrors.Run(() =>
        {
            PredictCommand.RejectMistypedOptions(parse, "rnn explain");
            string path = parse.GetValue(directory)!;
            var options = flags.Read(parse);
            string? page = flags.Page(parse);
            string task = ModelDirectory.Open(path).Config.Task;
            return task switch
            {
                TextClassificationModel.TaskName => ClassifierExplainer.Run(path, parse.GetValue(texts)!, options, parse.GetValue(flags.Json), page),
                Tagger.TaskName => SequenceExplainer.RunTagger(path, parse.GetValue(texts)!, options, parse.GetValue(flags.Json), page),
                Translator.TaskName => SequenceExplainer.RunTranslator(path, parse.GetValue(texts)!, options, parse.GetValue(flags.Json), page),
                _ => throw new UsageException($"{path}: rnn explain cannot explain a '{task}' model; it explains {Supported}."),
            };
        }));
        return command;
    }
}
