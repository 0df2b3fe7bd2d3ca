using System.Globalization;

namespace Recurrent.Training;

/// <summary>
/// The checkpoint form of a component whose state is a handful of numbers (a learning-rate schedule, <see cref="EarlyStopping"/>).
/// Values may be ±∞ (the best metric before the first one arrives); a JSON writer needs
/// <c>JsonNumberHandling.AllowNamedFloatingPointLiterals</c> for them.
/// </summary>
public sealed class ScalarState
{
    /// <summary>Which component wrote the state (<c>reduce_lr_on_plateau</c>); loading checks it.</summary>
    public required string Kind { get; init; }

    public Dictionary<string, double> Scalars { get; init; } = new();

    /// <summary>The state of a component of kind <paramref name="kind"/>: its scalars by name.</summary>
    public static ScalarState Of(string kind, params ReadOnlySpan<(string Name, double Value)> scalars)
    {
        var state = new ScalarState { Kind = kind };
        foreach (var (name, value) in scalars) state.Scalars[name] = value;
        return state;
    }

    /// <summary>
    /// The counts <paramref name="names"/> of a state that must come from a component of kind <paramref name="kind"/>, all
    /// checked before the caller assigns any, so a bad state leaves the component as it was.
    /// </summary>
    public int[] GetCounts(string kind, params string[] names)
    {
        RequireKind(kind);
        return names.Select(GetCount).ToArray();
    }

    /// <summary>The scalar <paramref name="name"/>; the error says which component's state lacks it.</summary>
    public double Get(string name) =>
        Scalars.TryGetValue(name, out double value)
            ? value
            : throw new ArgumentException($"The {Kind} state has no '{name}' value; it holds: {string.Join(", ", Scalars.Keys)}.");

    /// <summary>The scalar <paramref name="name"/>, which must be a whole non-negative number (a step or epoch count).</summary>
    public int GetCount(string name)
    {
        double value = Get(name);
        if (!(value >= 0) || value != Math.Floor(value) || value > int.MaxValue)
            throw new ArgumentException($"The {Kind} state has {name} = {value.ToString(CultureInfo.InvariantCulture)}, which is not a count.");
        return (int)value;
    }

    /// <summary>Throws unless the state was written by a component of kind <paramref name="expected"/>.</summary>
    public void RequireKind(string expected)
    {
        if (Kind != expected)
            throw new ArgumentException($"The state was saved by a '{Kind}' and cannot be loaded into a '{expected}'.");
    }
}
