using System.Globalization;
using Microsoft.Extensions.Logging;

namespace PgHa.Demo.Cluster;

/// <summary>Writes every library log line to one file (the demo's screen is for the story; the log is for the curious).</summary>
internal sealed class FileLoggerFactory : ILoggerFactory
{
    private readonly StreamWriter? _writer;
    private readonly object _gate = new();

    public FileLoggerFactory(string? path)
    {
        if (path is not null)
        {
            _writer = new StreamWriter(path, append: false) { AutoFlush = true };
        }
    }

    public ILogger CreateLogger(string categoryName) => _writer is null ? Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance : new FileLogger(this, categoryName);

    public void AddProvider(ILoggerProvider provider) => throw new NotSupportedException();

    public void Dispose()
    {
        lock (_gate)
        {
            _writer?.Dispose();
        }
    }

    private void Write(string line)
    {
        lock (_gate)
        {
            try
            {
                _writer?.WriteLine(line);
            }
            catch (ObjectDisposedException)
            {
                // A late line from a component that is still stopping.
            }
        }
    }

    private sealed class FileLogger(FileLoggerFactory owner, string category) : ILogger
    {
        private readonly string _category = category[(category.LastIndexOf('.') + 1)..];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Debug;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var line = string.Create(CultureInfo.InvariantCulture, $"{DateTimeOffset.UtcNow:HH:mm:ss.fff} {logLevel,-11} {_category}: {formatter(state, exception)}");
            owner.Write(exception is null ? line : line + Environment.NewLine + exception);
        }
    }
}
