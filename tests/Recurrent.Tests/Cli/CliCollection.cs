namespace Recurrent.Tests.Cli;

/// <summary>CLI tests redirect the process-wide Console.Out and Console.Error, so they run one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class CliCollection
{
    public const string Name = "Cli";
}
