using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using PgHa.Election.Expiry;
using PgHa.Election.Records;
using PgHa.Testing.Selectors;

namespace PgHa.Benchmarks;

/// <summary>The elector's hot pure paths: reading and writing Patroni's lock record, and the expiry decision on each observation.</summary>
[MemoryDiagnoser]
public class LockRecordBenchmarks
{
    private static readonly DateTimeOffset Now = new(2026, 12, 4, 20, 0, 0, 123, TimeSpan.Zero);
    private readonly Dictionary<string, string> _annotations = new()
    {
        ["leader"] = "acid-minimal-cluster-0",
        ["acquireTime"] = "2026-12-04T19:59:01.123456+00:00",
        ["renewTime"] = "2026-12-04T20:00:00.123456+00:00",
        ["transitions"] = "17",
        ["optime"] = "1090519312",
        ["ttl"] = "30",
        ["kubectl.kubernetes.io/last-applied-configuration"] = "{}",
    };

    private readonly LeaderRecord _record = new()
    {
        Holder = "acid-minimal-cluster-0", AcquireTime = Now.AddMinutes(-1), RenewTime = Now, Transitions = 17, Optime = 1090519312, Ttl = TimeSpan.FromSeconds(30),
    };

    private LeaseObservation _observation = null!;
    private ClockReading _clock;

    [GlobalSetup]
    public void Setup()
    {
        _clock = new ClockReading(1_000_000_000, Now, 1_000_000_000);
        _observation = ObservedTimeExpiry.Instance.Observe(null, PatroniRecordCodec.Read(_annotations), _clock);
    }

    [Benchmark]
    public RecordReadResult ParseRecord() => PatroniRecordCodec.Read(_annotations);

    [Benchmark]
    public Dictionary<string, string?> FormatRecord() => PatroniRecordCodec.Write(_record);

    [Benchmark]
    public LeaseObservation ObserveSameRecord() => ObservedTimeExpiry.Instance.Observe(_observation, PatroniRecordCodec.Read(_annotations), _clock);

    [Benchmark]
    public long ExpiryDecision() => ObservedTimeExpiry.Instance.FreeAt(_observation, TimeSpan.FromSeconds(30), _clock);
}

/// <summary>The embedded server's label selector: parsing a selector and matching it against an object's labels (every list and watch event).</summary>
[MemoryDiagnoser]
public class SelectorBenchmarks
{
    private const string Selector = "application=spilo,cluster-name=acid-minimal-cluster,spilo-role in (master,replica),!pgha.io/excluded";
    private readonly JsonObject _labels = new()
    {
        ["application"] = "spilo", ["cluster-name"] = "acid-minimal-cluster", ["spilo-role"] = "master", ["team"] = "acid",
    };

    private LabelSelector _parsed = null!;

    [GlobalSetup]
    public void Setup() => _parsed = LabelSelector.Parse(Selector);

    [Benchmark]
    public bool ParseSelector() => LabelSelector.Parse(Selector).MatchesNothing;

    [Benchmark]
    public bool MatchLabels() => _parsed.Matches(_labels);
}
