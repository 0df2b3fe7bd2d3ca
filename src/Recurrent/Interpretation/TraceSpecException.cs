namespace Recurrent.Interpretation;

/// <summary>
/// A trace spec that cannot be run. <see cref="Field"/> is the path of the offending field as written in
/// the JSON spec (<c>weights.weight_hh_l0</c>, <c>inputs[0][2]</c>), or null for the spec as a whole.
/// </summary>
public sealed class TraceSpecException : Exception
{
    public string? Field { get; }

    public TraceSpecException(string? field, string message)
        : base(field is null ? message : $"{field}: {message}")
    {
        Field = field;
    }
}
