namespace PgHa.Demo.Scenario;

/// <summary>
/// One status line, redrawn in place a few times a second on a terminal; on redirected output (CI, a pipe) nothing is
/// redrawn and only the demo's event lines are written.
/// </summary>
internal sealed class LiveView : IAsyncDisposable
{
    private readonly TextWriter _output;
    private readonly Func<string> _status;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _run;
    private readonly bool _interactive;
    private readonly object _gate = new();
    private int _width;

    public LiveView(TextWriter output, Func<string> status, bool interactive)
    {
        _output = output;
        _status = status;
        _interactive = interactive;
        _run = interactive ? Task.Run(() => RunAsync(_stop.Token)) : Task.CompletedTask;
    }

    /// <summary>Writes an event line above the status line.</summary>
    public void WriteLine(string text)
    {
        lock (_gate)
        {
            Clear();
            _output.WriteLine(text);
            Draw();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _run.ConfigureAwait(false);
        lock (_gate)
        {
            Clear();
        }

        _stop.Dispose();
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(200));
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                lock (_gate)
                {
                    Draw();
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private void Draw()
    {
        if (!_interactive)
        {
            return;
        }

        var line = "  " + _status();
        var width = Math.Max(20, Console.WindowWidth - 1);
        line = line.Length > width ? line[..width] : line;
        _output.Write("\r" + line.PadRight(_width));
        _width = line.Length;
        _output.Flush();
    }

    private void Clear()
    {
        if (_interactive && _width > 0)
        {
            _output.Write("\r" + new string(' ', _width) + "\r");
            _width = 0;
        }
    }
}
