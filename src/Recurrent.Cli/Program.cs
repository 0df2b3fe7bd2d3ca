using System.CommandLine;
using System.CommandLine.Help;
using Recurrent.Cli.LanguageModel;
using Recurrent.Cli.Trace;

namespace Recurrent.Cli;

public static class Program
{
    public static int Main(string[] args)
    {
        var root = new RootCommand(
            "rnn: recurrent neural networks (Elman RNN, Jordan, LSTM, GRU) in pure C#.\n" +
            "Example: rnn trace --spec examples/exercise-1-1.json")
        {
            TraceCommand.Create(),
        };
        LanguageModelCommands.Register(root);
        // Bare `rnn` shows the help rather than an error about a missing command.
        root.SetAction(parseResult => new HelpAction().Invoke(parseResult));
        return root.Parse(args).Invoke();
    }
}
