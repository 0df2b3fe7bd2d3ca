using System.Text;

namespace Recurrent.Decoding;

/// <summary>
/// Streams generated text up to a stop string. Text that might be the start of the stop string is held back until the
/// next piece shows whether it is; once the stop string appears, the text before it is released and the rest is dropped.
/// So the output never contains the stop string, even when it is spread over several tokens.
/// </summary>
public sealed class StopStringFilter
{
    private readonly string stop;
    private readonly StringBuilder pending = new();

    public StopStringFilter(string stop)
    {
        if (string.IsNullOrEmpty(stop)) throw new ArgumentException("A stop string cannot be empty.", nameof(stop));
        this.stop = stop;
    }

    /// <summary>True once the stop string has appeared; later pieces are ignored.</summary>
    public bool Stopped { get; private set; }

    /// <summary>Adds a generated piece; returns the text that can be shown now (possibly empty).</summary>
    public string Push(string piece)
    {
        if (Stopped) return "";
        pending.Append(piece);
        string text = pending.ToString();
        int at = text.IndexOf(stop, StringComparison.Ordinal);
        if (at >= 0)
        {
            Stopped = true;
            pending.Clear();
            return text[..at];
        }
        // Hold back the longest end of the text that is a beginning of the stop string.
        int held = Math.Min(stop.Length - 1, text.Length);
        while (held > 0 && !text.AsSpan(text.Length - held).SequenceEqual(stop.AsSpan(0, held))) held--;
        pending.Remove(0, text.Length - held);
        return text[..^held];
    }

    /// <summary>At the end of generation: the text still held back (it was not the stop string after all).</summary>
    public string Flush()
    {
        string rest = Stopped ? "" : pending.ToString();
        pending.Clear();
        return rest;
    }
}
