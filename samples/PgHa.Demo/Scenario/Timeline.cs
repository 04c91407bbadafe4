using System.Diagnostics;
using System.Globalization;

namespace PgHa.Demo.Scenario;

/// <summary>What happened during one failure scenario, with monotonic timestamps, printed relative to the moment the failure was injected.</summary>
internal sealed class Timeline(string title)
{
    private readonly List<(long At, string Text)> _events = [];

    public string Title { get; } = title;

    /// <summary>When the failure was injected.</summary>
    public long Start { get; private set; } = Stopwatch.GetTimestamp();

    public void Started(string text)
    {
        Start = Stopwatch.GetTimestamp();
        Add(Start, text);
    }

    public void Add(long at, string text)
    {
        lock (_events)
        {
            _events.Add((at, text));
        }
    }

    public void Add(string text) => Add(Stopwatch.GetTimestamp(), text);

    /// <summary>Seconds from the injection to <paramref name="at"/>.</summary>
    public double Offset(long at) => (at - Start) / (double)Stopwatch.Frequency;

    public void Print(TextWriter output)
    {
        output.WriteLine(Title);
        lock (_events)
        {
            foreach (var (at, text) in _events.OrderBy(e => e.At))
            {
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {Offset(at),8:+0.000;-0.000} s  {text}"));
            }
        }
    }
}
