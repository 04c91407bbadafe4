using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace PgHa.Routing.Diagnostics;

/// <summary>
/// The router's instruments on the <c>PgHa.Routing</c> meter, each tagged with the namespace and Service:
/// <c>pgha.routing.switches</c> (route moves), <c>pgha.routing.switch.duration</c> (request to written),
/// <c>pgha.routing.repairs</c> (drift put back), <c>pgha.routing.fenced_writes</c> (writes refused by term) and
/// <c>pgha.routing.writes</c> (API writes, by verb).
/// </summary>
internal sealed class RoutingMetrics : IDisposable
{
    public const string MeterName = "PgHa.Routing";

    private readonly Meter _meter;
    private readonly bool _ownsMeter;
    private readonly Counter<long> _switches;
    private readonly Histogram<double> _switchDuration;
    private readonly Counter<long> _repairs;
    private readonly Counter<long> _fenced;
    private readonly Counter<long> _writes;
    private readonly TagList _tags;

    public RoutingMetrics(IMeterFactory? meterFactory, string @namespace, string service)
    {
        _ownsMeter = meterFactory is null;
        _meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        _tags = new TagList { { "pgha.namespace", @namespace }, { "pgha.service", service } };
        _switches = _meter.CreateCounter<long>("pgha.routing.switches", description: "Times the master Service was pointed at another primary or at none.");
        _switchDuration = _meter.CreateHistogram<double>("pgha.routing.switch.duration", unit: "s", description: "Time from a route request to the route written.");
        _repairs = _meter.CreateCounter<long>("pgha.routing.repairs", description: "Drifted routes put back, by outcome.");
        _fenced = _meter.CreateCounter<long>("pgha.routing.fenced_writes", description: "Route writes refused because the live route has a newer term.");
        _writes = _meter.CreateCounter<long>("pgha.routing.writes", description: "API writes made for the route, by verb.");
    }

    public void Switched(TimeSpan duration)
    {
        _switches.Add(1, _tags);
        _switchDuration.Record(duration.TotalSeconds, _tags);
    }

    public void Repaired(string outcome)
    {
        var tags = _tags;
        tags.Add("outcome", outcome);
        _repairs.Add(1, tags);
    }

    public void Fenced() => _fenced.Add(1, _tags);

    public void Wrote(string verb)
    {
        var tags = _tags;
        tags.Add("verb", verb);
        _writes.Add(1, tags);
    }

    public void Dispose()
    {
        if (_ownsMeter)
        {
            _meter.Dispose();
        }
    }
}
