using System.Globalization;

namespace Recurrent.Training;

/// <summary>
/// Plain lines on a writer: one per epoch plus notices, and a line every <c>linesPerEpoch</c>-th of an epoch; for logs and
/// redirected output.
/// </summary>
public sealed class PlainTextProgress(TextWriter writer, int linesPerEpoch = 4) : ITrainingProgress
{
    private int nextReport;

    public void EpochStarted(int epoch, int epochs, int batches)
    {
        nextReport = Math.Max(1, batches / Math.Max(1, linesPerEpoch));
        writer.WriteLine($"epoch {epoch}/{epochs}: {batches} batches");
    }

    public void BatchCompleted(int batch, int batches, double meanLoss, double tokensPerSecond, TimeSpan epochRemaining)
    {
        if (batch % nextReport != 0 || batch == batches) return;
        writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  batch {batch}/{batches}  loss {meanLoss:F4}  {tokensPerSecond:F0} tokens/s  ETA {epochRemaining:mm\\:ss}"));
    }

    public void EpochCompleted(EpochRecord record) => writer.WriteLine("  " + record.Describe());

    public void Message(string text) => writer.WriteLine(text);
}
