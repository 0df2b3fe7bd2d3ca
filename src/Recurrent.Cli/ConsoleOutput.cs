using Spectre.Console;

namespace Recurrent.Cli;

/// <summary>The Spectre console the commands write their tables to: stdout as it is now (tests redirect it).</summary>
internal static class ConsoleOutput
{
    /// <summary>True when stdout is a terminal that can redraw a progress bar in place.</summary>
    public static bool IsInteractive => !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive;

    /// <summary>
    /// True when stdout is a terminal that shows at least the 256-colour palette and NO_COLOR is not set (Spectre's
    /// detection honours it): the colours of the attention heat map.
    /// </summary>
    public static bool ShowsColor => !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.ColorSystem >= ColorSystem.EightBit;

    /// <summary>
    /// A console on <see cref="Console.Out"/>: colours when it is a terminal; else plain text with no escape codes,
    /// laid out for a wide page so that a table row stays on one line.
    /// </summary>
    public static IAnsiConsole Create()
    {
        bool terminal = !Console.IsOutputRedirected;
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(Console.Out),
            Ansi = terminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = terminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = terminal ? InteractionSupport.Detect : InteractionSupport.No,
        });
        if (!terminal) console.Profile.Width = 200;
        return console;
    }
}
