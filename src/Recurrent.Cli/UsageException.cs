namespace Recurrent.Cli;

/// <summary>
/// A mistake on the command line that the parser cannot see (a combination of options, an output directory in the way):
/// the message names the option and says what to do. Reported as one line on stderr with exit code 2.
/// </summary>
internal sealed class UsageException(string message) : Exception(message);
