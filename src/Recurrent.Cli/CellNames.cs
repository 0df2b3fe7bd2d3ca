using Recurrent.Recurrence;

namespace Recurrent.Cli;

/// <summary>
/// The command-line names of the cells: every <see cref="CellKind"/> member in kebab case, except that the Elman cell is
/// <c>rnn</c> (as in PyTorch's nn.RNN; <c>elman</c> reads too). A member added to the enum gets a name without a change here.
/// </summary>
internal static class CellNames
{
    /// <summary>The Elman member, found by name so that this reads whichever of Rnn or Elman the enum calls it.</summary>
    private static readonly CellKind Elman = Enum.TryParse<CellKind>("Elman", out var elman) ? elman : Enum.Parse<CellKind>("Rnn");

    /// <summary>Every cell's name, in the enum's order.</summary>
    public static string[] All { get; } = Enum.GetValues<CellKind>().Select(Of).ToArray();

    public static string Of(CellKind cell) => cell == Elman ? "rnn" : EnumFlag.Name(cell);

    public static bool IsElman(CellKind cell) => cell == Elman;

    /// <summary>The cell called <paramref name="name"/> (case-insensitive), or null.</summary>
    public static CellKind? Find(string name) => name.Trim().ToLowerInvariant() is "rnn" or "elman" ? Elman : EnumFlag.Find<CellKind>(name);

    /// <summary>The cell called <paramref name="name"/>; an unknown name is a usage error naming <paramref name="flag"/>.</summary>
    public static CellKind Parse(string name, string flag, IReadOnlyCollection<string> allowed) =>
        Find(name) is { } cell && allowed.Contains(Of(cell))
            ? cell
            : throw new UsageException($"{flag}: unknown cell '{name}'; use one of {string.Join(", ", allowed)}.");
}
