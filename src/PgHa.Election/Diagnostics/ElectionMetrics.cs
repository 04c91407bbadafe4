using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace PgHa.Election.Diagnostics;

/// <summary>
/// The elector's instruments on the <c>PgHa.Election</c> meter: <c>pgha.election.is_leader</c>,
/// <c>pgha.election.transitions</c>, <c>pgha.election.acquire_attempts</c>, <c>pgha.election.renew.duration</c>
/// and <c>pgha.election.step_downs</c>, each tagged with the scope and member.
/// </summary>
internal sealed class ElectionMetrics : IDisposable
{
    public const string MeterName = "PgHa.Election";

    private readonly Meter _meter;
    private readonly bool _ownsMeter;
    private readonly Counter<long> _transitions;
    private readonly Counter<long> _acquireAttempts;
    private readonly Histogram<double> _renewDuration;
    private readonly Counter<long> _stepDowns;
    private readonly TagList _tags;

    public ElectionMetrics(IMeterFactory? meterFactory, string scope, string member, Func<bool> isLeader)
    {
        _ownsMeter = meterFactory is null;
        _meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        _tags = new TagList { { "pgha.scope", scope }, { "pgha.member", member } };
        var tags = _tags;
        _meter.CreateObservableGauge("pgha.election.is_leader", () => new Measurement<int>(isLeader() ? 1 : 0, tags), description: "1 while this member leads, else 0.");
        _transitions = _meter.CreateCounter<long>("pgha.election.transitions", description: "Leaderships this member began.");
        _acquireAttempts = _meter.CreateCounter<long>("pgha.election.acquire_attempts", description: "Attempts to take the lock, by outcome.");
        _renewDuration = _meter.CreateHistogram<double>("pgha.election.renew.duration", unit: "s", description: "Time of successful lock renewals.");
        _stepDowns = _meter.CreateCounter<long>("pgha.election.step_downs", description: "Leaderships that ended, by reason.");
    }

    public void AcquireAttempt(string outcome)
    {
        var tags = _tags;
        tags.Add("outcome", outcome);
        _acquireAttempts.Add(1, tags);
    }

    public void LeadershipStarted() => _transitions.Add(1, _tags);

    public void Renewed(TimeSpan duration) => _renewDuration.Record(duration.TotalSeconds, _tags);

    public void SteppedDown(string reason)
    {
        var tags = _tags;
        tags.Add("reason", reason);
        _stepDowns.Add(1, tags);
    }

    public void Dispose()
    {
        if (_ownsMeter)
        {
            _meter.Dispose();
        }
    }
}
