using Xunit.Abstractions;

namespace Recurrent.Tests.EndToEnd;

/// <summary>
/// A theory argument shown whole in the test's name: xunit 2 cuts string arguments to 50 characters, which leaves long
/// documented commands indistinguishable, but shows another type's <see cref="ToString"/> in full.
/// </summary>
public sealed class CaseText : IXunitSerializable
{
    [Obsolete("For xunit's deserializer only.")]
    public CaseText() => Value = "";

    public CaseText(string value) => Value = value;

    public string Value { get; private set; }

    public void Deserialize(IXunitSerializationInfo info) => Value = info.GetValue<string>(nameof(Value));

    public void Serialize(IXunitSerializationInfo info) => info.AddValue(nameof(Value), Value);

    public override string ToString() => Value;
}
