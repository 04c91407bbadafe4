using PgHa.Agent.Postgres;

namespace PgHa.Agent.Tests.Support;

/// <summary>
/// The fake members' world: the master Service address resolves to the one running primary (as the route
/// would), streaming standbys receive the primary's WAL, and it counts how many primaries ever ran at once.
/// </summary>
internal sealed class FakeNetwork
{
    private readonly object _gate = new();
    private readonly List<FakePostgres> _members = [];

    public FakeNetwork(PrimaryAddress service) => Service = service;

    public PrimaryAddress Service { get; }

    /// <summary>The largest number of primaries that ever ran at the same time.</summary>
    public int MaxPrimaries { get; private set; }

    public object Gate => _gate;

    public FakePostgres Add(string name, int ordinal)
    {
        var member = new FakePostgres(this, name, $"127.0.77.{10 + ordinal}", 5432);
        lock (_gate)
        {
            _members.Add(member);
        }

        return member;
    }

    /// <summary>The running primary the address leads to, or null (connection refused).</summary>
    public FakePostgres? Resolve(PrimaryAddress address)
    {
        lock (_gate)
        {
            if (address == Service)
            {
                return _members.FirstOrDefault(m => m.RunningUnsafe && !m.InRecoveryUnsafe);
            }

            return _members.FirstOrDefault(m => m.Host == address.Host && m.Port == address.Port && m.RunningUnsafe);
        }
    }

    /// <summary>Called under the gate after every state change.</summary>
    public void Changed()
    {
        var primaries = _members.Count(m => m.RunningUnsafe && !m.InRecoveryUnsafe);
        MaxPrimaries = Math.Max(MaxPrimaries, primaries);
        var primary = _members.FirstOrDefault(m => m.RunningUnsafe && !m.InRecoveryUnsafe);
        if (primary is null)
        {
            return;
        }

        foreach (var standby in StandbysOfUnsafe(primary))
        {
            standby.CatchUpUnsafe(primary);
        }
    }

    public IReadOnlyList<FakePostgres> StandbysOfUnsafe(FakePostgres primary) =>
        _members.Where(m => m != primary && m.RunningUnsafe && m.InRecoveryUnsafe && m.StreamingUnsafe && m.FollowingUnsafe is { } f && Resolve(f) == primary).ToList();
}
