using System.CommandLine;
using System.CommandLine.Help;

namespace Recurrent.Cli.LanguageModel;

/// <summary>
/// Adds the language-model commands to the root: <c>train lm</c> (under the shared <c>train</c> group, created if absent),
/// <c>generate</c>, <c>quickstart</c>, and an <c>evaluate</c> for language models when the root has none yet.
/// </summary>
public static class LanguageModelCommands
{
    public static void Register(RootCommand root)
    {
        var train = root.Subcommands.FirstOrDefault(c => c.Name == "train");
        if (train is null)
        {
            train = new Command("train", "Train a model.");
            train.SetAction(parseResult => new HelpAction().Invoke(parseResult));
            root.Subcommands.Add(train);
        }
        train.Subcommands.Add(TrainLanguageModelCommand.Create());
        root.Subcommands.Add(GenerateCommand.Create());
        root.Subcommands.Add(QuickstartCommand.Create());
        if (!root.Subcommands.Any(c => c.Name == "evaluate")) root.Subcommands.Add(LanguageModelEvaluation.CreateCommand());
    }
}
