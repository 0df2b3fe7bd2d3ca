using System.CommandLine;
using Recurrent.Data;
using Recurrent.Interpretation;

namespace Recurrent.Cli.Trace;

/// <summary>
/// <c>rnn trace --spec FILE [--json]</c>: runs a recurrent layer with the spec's weights and inputs and
/// shows every intermediate value step by step, plus the loss gradients when the spec has a loss.
/// </summary>
internal static class TraceCommand
{
    /// <summary>Exit code for a spec that cannot be read or run.</summary>
    public const int SpecError = 2;

    public static Command Create()
    {
        var spec = new Option<FileInfo>("--spec")
        {
            HelpName = "FILE",
            Description = "JSON file with the cell, its weights (PyTorch names and shapes), the inputs and optionally a read-out and a loss. See " +
                "docs/trace.md.",
            Required = true,
        };
        var json = new Option<bool>("--json")
        {
            Description = "Write one JSON object (outputs, h_n, c_n, y, loss, gradients, steps) instead of tables.",
        };
        var command = new Command("trace", "Run a recurrent cell on explicit weights and inputs and show every gate, state and gradient step by step.")
        {
            spec,
            json,
        };
        command.SetAction(parseResult => Run(parseResult.GetValue(spec)!, parseResult.GetValue(json)));
        return command;
    }

    public static int Run(FileInfo file, bool json)
    {
        TraceResult result;
        try
        {
            if (Directory.Exists(file.FullName))
                throw new TraceSpecException(null, "this is a directory; --spec takes a JSON file, e.g. --spec examples/exercise-1-1.json.");
            if (!file.Exists)
                throw new TraceSpecException(null, "file not found. Pass the path of a JSON spec, e.g. --spec examples/exercise-1-1.json.");
            result = CellTrace.Run(TraceSpecParser.Parse(TextFile.ReadText(file.ToString())));
        }
        catch (DataFormatException e)
        {
            Console.Error.WriteLine($"error: {e.Message}"); // names the file itself
            return SpecError;
        }
        catch (Exception e) when (e is TraceSpecException or IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"error: {file}: {e.Message}");
            return SpecError;
        }

        if (json) TraceJsonWriter.Write(result, Console.Out);
        else new TraceReportRenderer(Console.Out, terminal: !Console.IsOutputRedirected).Render(result, file.ToString());
        return 0;
    }
}
