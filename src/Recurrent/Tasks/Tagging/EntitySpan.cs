namespace Recurrent.Tasks.Tagging;

/// <summary>One entity in a sentence: its type (<c>PER</c>, <c>LOC</c> …) and its tokens <c>[Start, End)</c>.</summary>
/// <param name="Type">The entity type: the part of the tag after the first '-' (<c>B-PER</c> → <c>PER</c>).</param>
/// <param name="Start">The index of the entity's first token.</param>
/// <param name="End">One past the index of the entity's last token.</param>
public readonly record struct EntitySpan(string Type, int Start, int End)
{
    public int Length => End - Start;

    public override string ToString() => $"{Type}[{Start},{End})";
}
