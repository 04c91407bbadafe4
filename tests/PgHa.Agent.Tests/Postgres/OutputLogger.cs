using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace PgHa.Agent.Tests.Postgres;

/// <summary>Writes a member's log to the test's output, so a failing run shows what PostgreSQL's tools said.</summary>
internal sealed class OutputLogger(ITestOutputHelper output, string category) : ILogger
{
    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        try
        {
            output.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} {logLevel} {category}: {formatter(state, exception)}");
        }
        catch (InvalidOperationException)
        {
            // The test is over; a late line has nowhere to go.
        }
    }
}
