using Recurrent.Recurrence;

namespace Recurrent.Cli;

/// <summary>
/// The command-line names of the cells: the registry's names (<see cref="RecurrentCells.NameOf"/>) in kebab case, so the
/// Elman cell is <c>rnn</c> (as in PyTorch's nn.RNN; <c>elman</c> reads too) and a cell added to the registry gets a name
/// without a change here.
/// </summary>
internal static class CellNames
{
    /// <summary>Every cell's name, in the enum's order.</summary>
    public static string[] All { get; } = Enum.GetValues<CellKind>().Select(Of).ToArray();

    public static string Of(CellKind cell) => RecurrentCells.NameOf(cell).Replace('_', '-');

    public static bool IsElman(CellKind cell) => cell == CellKind.Elman;

    /// <summary>The cell called <paramref name="name"/> (case-insensitive, kebab or snake case), or null.</summary>
    public static CellKind? Find(string name) => RecurrentCells.TryParse(name.Trim().Replace('-', '_'), out var cell) ? cell : null;

    /// <summary>The cell called <paramref name="name"/>; an unknown name is a usage error naming <paramref name="flag"/>.</summary>
    public static CellKind Parse(string name, string flag, IReadOnlyCollection<string> allowed) =>
        Find(name) is { } cell && allowed.Contains(Of(cell))
            ? cell
            : throw new UsageException($"{flag}: unknown cell '{name}'; use one of {string.Join(", ", allowed)}.");
}
