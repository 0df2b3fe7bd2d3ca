namespace Recurrent.Cli;

/// <summary>
/// Turns the first Ctrl-C into a cancellation request, so that training finishes its batch, saves a checkpoint and
/// returns; a second Ctrl-C ends the process at once.
/// </summary>
internal sealed class CtrlCCancellation : IDisposable
{
    private readonly CancellationTokenSource source = new();

    public CtrlCCancellation() => Console.CancelKeyPress += OnCancelKeyPress;

    public CancellationToken Token => source.Token;

    private void OnCancelKeyPress(object? sender, ConsoleCancelEventArgs e)
    {
        if (source.IsCancellationRequested) return;
        e.Cancel = true;
        Console.Error.WriteLine("stopping after this batch and saving a checkpoint (Ctrl-C again to quit at once) …");
        source.Cancel();
    }

    public void Dispose()
    {
        Console.CancelKeyPress -= OnCancelKeyPress;
        source.Dispose();
    }
}
