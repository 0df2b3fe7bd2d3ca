using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Recurrent.Recurrence;

/// <summary>
/// The registry of recurrent cells: the one place that maps a <see cref="CellKind"/> (and, for the cells that take one,
/// a <see cref="Nonlinearity"/>) to its <see cref="RecurrentCell"/>. Adding a cell is one line here.
/// </summary>
public static class RecurrentCells
{
    private static readonly Dictionary<CellKind, Func<Nonlinearity, RecurrentCell>> Registered = new()
    {
        [CellKind.Elman] = g => new ElmanCell(g),
        [CellKind.Lstm] = _ => new LstmCell(),
        [CellKind.Gru] = _ => new GruCell(),
        [CellKind.Jordan] = g => new JordanCell(g),
        [CellKind.GruResetBefore] = _ => new GruResetBeforeCell(),
        [CellKind.LstmPeephole] = _ => new LstmPeepholeCell(),
    };

    /// <summary>The cell of kind <paramref name="kind"/>; <paramref name="nonlinearity"/> is read by the cells that take one (Elman, Jordan).</summary>
    public static RecurrentCell Of(CellKind kind, Nonlinearity nonlinearity = Nonlinearity.Tanh) =>
        Registered.TryGetValue(kind, out var make)
            ? make(nonlinearity)
            : throw new ArgumentException($"No recurrent cell is registered for {kind}; use one of {string.Join(", ", Registered.Keys)}.", nameof(kind));

    /// <summary>
    /// The name of <paramref name="kind"/> in model files, trace specs and on the command line: "rnn" for
    /// <see cref="CellKind.Elman"/> (PyTorch's name), otherwise snake_case ("lstm", "gru", "jordan").
    /// </summary>
    public static string NameOf(CellKind kind)
    {
        string member = kind.ToString();
        return typeof(CellKind).GetField(member)?.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()?.Name
            ?? JsonNamingPolicy.SnakeCaseLower.ConvertName(member);
    }

    /// <summary>The kind named <paramref name="name"/> (any case) by <see cref="NameOf"/> or by its member name ("elman").</summary>
    public static bool TryParse(string name, out CellKind kind)
    {
        foreach (var candidate in Enum.GetValues<CellKind>())
            if (string.Equals(NameOf(candidate), name, StringComparison.OrdinalIgnoreCase) ||
                string.Equals(candidate.ToString(), name, StringComparison.OrdinalIgnoreCase))
            {
                kind = candidate;
                return true;
            }
        kind = default;
        return false;
    }
}
