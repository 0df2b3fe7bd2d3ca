using System.CommandLine;

namespace Recurrent.Cli.Interop;

/// <summary>
/// <c>rnn import --pytorch state.safetensors --config config.json --out DIR</c>: a state dict trained in PyTorch from an exported
/// model.py becomes a Recurrent model directory (<see cref="PyTorchHandOff.Import"/>).
/// </summary>
internal static class ImportCommand
{
    public static Command Create()
    {
        var pytorch = new Option<string>("--pytorch")
        {
            Description = "A PyTorch state dict as safetensors, of a model built from the model.py that rnn export --pytorch wrote " +
                          "(a 'module.' prefix from DistributedDataParallel is removed).",
            HelpName = "FILE",
        };
        var config = new Option<string>("--config")
        {
            Description = "The config.json that rnn export --pytorch wrote (its vocabulary beside it).", HelpName = "FILE",
        };
        var output = new Option<string>("--out") { Description = "The model directory to write; it must not exist or be empty.", HelpName = "DIR" };
        var command = new Command("import", "Bring a model trained in another engine back as a Recurrent model directory.\n" +
                                            "Example: rnn import --pytorch state.safetensors --config exported/config.json --out models/imported")
        {
            pytorch, config, output,
        };
        command.SetAction(parse => CommandErrors.Run(() => parse.GetValue(pytorch) is { } stateDict
            ? PyTorchHandOff.Import(stateDict, parse.GetValue(config), parse.GetValue(output))
            : throw new UsageException("--pytorch FILE is required: the state dict to import, as in rnn import --pytorch state.safetensors " +
                                       "--config config.json --out DIR.")));
        return command;
    }
}
