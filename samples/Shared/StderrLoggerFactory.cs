using System.Globalization;
using Microsoft.Extensions.Logging;

namespace PgHa.Samples;

/// <summary>The samples' logger: one line per entry to stderr, with the time, level, category and event id (no console logging package is served here). Linked into the operator and the agent.</summary>
internal sealed class StderrLoggerFactory(LogLevel minimum = LogLevel.Information) : ILoggerFactory
{
    private static readonly object Gate = new();

    public ILogger CreateLogger(string categoryName) => new StderrLogger(categoryName, minimum);

    public void AddProvider(ILoggerProvider provider)
    {
    }

    public void Dispose()
    {
    }

    private sealed class StderrLogger(string category, LogLevel minimum) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= minimum && logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }

            var line = string.Create(CultureInfo.InvariantCulture, $"{DateTimeOffset.UtcNow:HH:mm:ss.fff} {Level(logLevel)} {category}[{eventId.Id}] {formatter(state, exception)}");
            lock (Gate)
            {
                Console.Error.WriteLine(exception is null ? line : line + Environment.NewLine + exception);
            }
        }

        private static string Level(LogLevel level) => level switch
        {
            LogLevel.Trace => "trce",
            LogLevel.Debug => "dbug",
            LogLevel.Information => "info",
            LogLevel.Warning => "warn",
            LogLevel.Error => "fail",
            _ => "crit",
        };
    }
}
