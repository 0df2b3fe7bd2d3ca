namespace Recurrent.Tasks.LanguageModel;

/// <summary>
/// A continuous text laid out for truncated backpropagation through time, the way char-rnn does it: the N tokens are cut into
/// B contiguous streams of L = ⌊(N − 1) / B⌋ inputs each (stream b reads tokens b·L … b·L + L − 1 and predicts the tokens one
/// further on), and the streams are read side by side in windows of T steps. Window k holds steps k·T … of every stream, so
/// row b of window k + 1 continues row b of window k, and the state a window ends with is the right one to start the next.
/// The last window may be shorter than T; the ⌊(N − 1) mod B⌋ tokens left over at the end are not used.
/// </summary>
public sealed class TextStreams
{
    private readonly int[] tokens;

    /// <param name="tokens">the token ids of the whole text, in order.</param>
    /// <param name="streams">B, the batch size.</param>
    /// <param name="windowLength">T, the steps of backpropagation through time.</param>
    public TextStreams(int[] tokens, int streams, int windowLength)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        if (streams < 1) throw new ArgumentException($"The number of streams (batch size) must be at least 1, got {streams}.", nameof(streams));
        if (windowLength < 1) throw new ArgumentException($"The window length (LanguageModelTrainingOptions.SequenceLength) must be at least 1, got " +
            $"{windowLength}.", nameof(windowLength));
        if (tokens.Length - 1 < streams)
            throw new ArgumentException(
                $"The text has {tokens.Length} tokens, too few for {streams} parallel streams (each needs at least 2 tokens: an input and its target); " +
                "use a longer text or a smaller LanguageModelTrainingOptions.BatchSize.", nameof(tokens));
        this.tokens = tokens;
        Streams = streams;
        WindowLength = windowLength;
        StreamLength = (tokens.Length - 1) / streams;
        WindowCount = (StreamLength + windowLength - 1) / windowLength;
    }

    /// <summary>B.</summary>
    public int Streams { get; }

    /// <summary>T.</summary>
    public int WindowLength { get; }

    /// <summary>L, the inputs per stream.</summary>
    public int StreamLength { get; }

    /// <summary>⌈L / T⌉.</summary>
    public int WindowCount { get; }

    /// <summary>Input-target pairs in all windows: B · L.</summary>
    public long TokenCount => (long)Streams * StreamLength;

    /// <summary>Window <paramref name="index"/>: inputs and targets [B, steps] row-major, targets[b, t] = the token after inputs[b, t].</summary>
    public (int[] Inputs, int[] Targets, int Steps) Window(int index)
    {
        if ((uint)index >= (uint)WindowCount)
            throw new ArgumentOutOfRangeException(nameof(index), $"Window {index} is outside [0, {WindowCount}).");
        int start = index * WindowLength, steps = Math.Min(WindowLength, StreamLength - start);
        var inputs = new int[Streams * steps];
        var targets = new int[Streams * steps];
        for (int b = 0; b < Streams; b++)
        {
            int from = b * StreamLength + start;
            Array.Copy(tokens, from, inputs, b * steps, steps);
            Array.Copy(tokens, from + 1, targets, b * steps, steps);
        }
        return (inputs, targets, steps);
    }
}
