using System.CommandLine;

namespace Recurrent.Cli;

public static class Program
{
    public static int Main(string[] args)
    {
        var root = new RootCommand("rnn: recurrent neural networks in pure C#");
        return root.Parse(args).Invoke();
    }
}
