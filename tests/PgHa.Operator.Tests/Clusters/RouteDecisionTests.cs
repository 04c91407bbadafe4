using System.Net;
using k8s.Models;
using Microsoft.Extensions.Time.Testing;
using PgHa.Election.Expiry;
using PgHa.Operator.Clusters;
using PgHa.Routing;

namespace PgHa.Operator.Tests.Clusters;

/// <summary>The route decision and lock expiry as the operator measures it: observed time plus ttl, on a fake clock.</summary>
public sealed class RouteDecisionTests
{
    private const string Lock = "ConfigMap default/pg-leader";
    private static readonly TimeSpan DefaultTtl = TimeSpan.FromSeconds(30);
    private readonly FakeTimeProvider _time = new();
    private readonly LockTracker _tracker;

    public RouteDecisionTests() => _tracker = new LockTracker(_time);

    [Fact]
    public void No_lock_object_routes_nowhere_before_any_term()
    {
        var decision = Decide(null, null);

        decision.Write.Should().BeTrue();
        decision.Target.Should().BeNull();
        decision.Term.Should().Be(RouteTerm.None);
        decision.Observation.Reason.Should().Be("NoLock");
        decision.RecheckAt.Should().BeNull();
    }

    [Fact]
    public void A_live_lock_routes_to_the_holders_pod_and_rechecks_at_its_expiry()
    {
        var observation = Observe(ConfigMap("pg-1", 4, ttl: "10"));

        var decision = Decide(observation, Pod("pg-1", "10.0.0.2"));

        decision.Target.Should().Be(new PrimaryTarget("pg-1", "default", IPAddress.Parse("10.0.0.2"), "node-a", true, "uid-pg-1"));
        decision.Term.Should().Be(new RouteTerm("pg-1", 4));
        decision.Observation.Should().Be(new ClusterObservation("Running", "True", "Routed", "the master Service leads to pg-1 (10.0.0.2)", "pg-1", 4));
        decision.ChangeReason.Should().Be("acquired");
        _time.GetElapsedTime(observation.ObservedAt, decision.RecheckAt!.Value).Should().Be(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public void The_lock_expires_one_ttl_after_the_operator_last_saw_it_change_whatever_its_renew_time_says()
    {
        var first = Observe(ConfigMap("pg-1", 4, ttl: "10", renew: "2020-01-01T00:00:00+00:00"));
        _time.Advance(TimeSpan.FromSeconds(6));
        var renewed = Observe(ConfigMap("pg-1", 4, ttl: "10", renew: "2020-01-01T00:00:06+00:00"));
        renewed.ObservedAt.Should().BeGreaterThan(first.ObservedAt);

        _time.Advance(TimeSpan.FromSeconds(9));
        Decide(renewed, Pod("pg-1", "10.0.0.2")).Target.Should().NotBeNull("9 s since the renewal was seen");

        _time.Advance(TimeSpan.FromSeconds(1));
        var expired = Decide(renewed, Pod("pg-1", "10.0.0.2"));
        expired.Write.Should().BeTrue();
        expired.Target.Should().BeNull();
        expired.Term.Should().Be(new RouteTerm("pg-1", 4), "the holder's term, so clients fail fast instead of reaching a dead primary");
        expired.Observation.Reason.Should().Be("LockExpired");
        expired.ChangeReason.Should().Be("expired");
        expired.RecheckAt.Should().BeNull();
    }

    [Fact]
    public void The_same_record_seen_again_does_not_renew_the_lock()
    {
        var first = Observe(ConfigMap("pg-1", 4, ttl: "10"));
        _time.Advance(TimeSpan.FromSeconds(5));

        var again = Observe(ConfigMap("pg-1", 4, ttl: "10"));

        again.ObservedAt.Should().Be(first.ObservedAt);
    }

    [Fact]
    public void Without_a_ttl_the_default_applies()
    {
        var observation = Observe(ConfigMap("pg-1", 4, ttl: null));
        _time.Advance(DefaultTtl - TimeSpan.FromTicks(1));
        Decide(observation, Pod("pg-1", "10.0.0.2")).Target.Should().NotBeNull();

        _time.Advance(TimeSpan.FromTicks(1));
        Decide(observation, Pod("pg-1", "10.0.0.2")).Target.Should().BeNull();
    }

    [Fact]
    public void A_released_lock_routes_nowhere_under_the_released_term()
    {
        var decision = Decide(Observe(ConfigMap(null, 7, ttl: "30")), null);

        decision.Target.Should().BeNull();
        decision.Term.Should().Be(new RouteTerm(string.Empty, 7));
        decision.Observation.Reason.Should().Be("NoLeader");
        decision.ChangeReason.Should().Be("released");
    }

    [Theory]
    [InlineData(null, "LeaderPodMissing")]
    [InlineData("", "LeaderPodHasNoIP")]
    [InlineData("not-an-ip", "LeaderPodHasNoIP")]
    public void A_holder_without_a_usable_pod_gets_no_route_and_the_condition_says_why(string? ip, string reason)
    {
        var decision = Decide(Observe(ConfigMap("pg-1", 2, ttl: "30")), ip is null ? null : Pod("pg-1", ip));

        decision.Write.Should().BeTrue();
        decision.Target.Should().BeNull();
        decision.Term.Should().Be(new RouteTerm("pg-1", 2));
        decision.Observation.Reason.Should().Be(reason);
        decision.Observation.RouteStatus.Should().Be("False");
        decision.RecheckAt.Should().NotBeNull();
    }

    [Fact]
    public void A_pod_that_is_not_ready_is_routed_but_the_condition_is_false()
    {
        var decision = Decide(Observe(ConfigMap("pg-1", 2, ttl: "30")), Pod("pg-1", "10.0.0.2", ready: false));

        decision.Target!.Ready.Should().BeFalse();
        decision.Observation.Reason.Should().Be("LeaderNotReady");
    }

    [Fact]
    public void A_pod_without_a_ready_condition_counts_as_ready()
    {
        var pod = Pod("pg-1", "fd00::2");
        pod.Status.Conditions = null;

        var decision = Decide(Observe(ConfigMap("pg-1", 2, ttl: "30")), pod);

        decision.Target!.Ready.Should().BeTrue();
        decision.Target.AddressType.Should().Be("IPv6");
    }

    [Fact]
    public void A_malformed_lock_without_a_holder_leaves_the_route_alone_until_it_expires()
    {
        var cm = ConfigMap(null, 0, ttl: "10");
        cm.Metadata.Annotations["transitions"] = "many";
        cm.Metadata.Annotations["leader"] = string.Empty;
        var observation = Observe(cm);

        var decision = Decide(observation, null);

        observation.Malformed.Should().BeTrue();
        decision.Write.Should().BeFalse();
        decision.Observation.RouteStatus.Should().Be("Unknown");
        decision.Observation.Reason.Should().Be("MalformedLock");
        decision.RecheckAt.Should().NotBeNull();
    }

    [Fact]
    public void A_malformed_lock_that_is_not_rewritten_for_a_ttl_counts_as_expired()
    {
        var cm = ConfigMap(null, 6, ttl: "10");
        cm.Metadata.Annotations["optime"] = "not-a-number";
        var observation = Observe(cm);
        _time.Advance(TimeSpan.FromSeconds(10));

        var decision = Decide(observation, null);

        decision.Write.Should().BeTrue();
        decision.Target.Should().BeNull();
        decision.Term.Should().Be(new RouteTerm(string.Empty, 6));
        decision.Observation.Reason.Should().Be("LockExpired");
        decision.RecheckAt.Should().BeNull();
    }

    [Fact]
    public void A_malformed_value_beside_a_named_holder_still_routes_to_the_holder()
    {
        var cm = ConfigMap("pg-1", 3, ttl: "10");
        cm.Metadata.Annotations["optime"] = "not-a-number";

        var decision = Decide(Observe(cm), Pod("pg-1", "10.0.0.2"));

        decision.Target!.PodName.Should().Be("pg-1");
    }

    [Fact]
    public void A_lease_is_read_with_client_gos_fields()
    {
        var lease = new V1Lease
        {
            Metadata = new V1ObjectMeta { Name = "pg-leader", NamespaceProperty = "default" },
            Spec = new V1LeaseSpec { HolderIdentity = "pg-2", LeaseTransitions = 9, LeaseDurationSeconds = 12, RenewTime = DateTime.UtcNow },
        };
        _tracker.Observe("default/pg-leader", lease);
        var observation = _tracker.Get("default/pg-leader")!;

        observation.Record.Holder.Should().Be("pg-2");
        observation.Record.Transitions.Should().Be(9);
        observation.Record.Ttl.Should().Be(TimeSpan.FromSeconds(12));
        Decide(observation, Pod("pg-2", "10.0.0.3")).Term.Should().Be(new RouteTerm("pg-2", 9));
    }

    private RouteDecision Decide(LeaseObservation? observation, V1Pod? pod)
    {
        var now = ClockReading.From(_time);
        var freeAt = observation is null ? long.MinValue : ObservedTimeExpiry.Instance.FreeAt(observation, DefaultTtl, now);
        return RouteDecision.Decide(Lock, observation, freeAt, now.Timestamp, pod);
    }

    private LeaseObservation Observe(V1ConfigMap configMap)
    {
        _tracker.Observe("default/pg-leader", configMap);
        return _tracker.Get("default/pg-leader")!;
    }

    private static V1ConfigMap ConfigMap(string? leader, long transitions, string? ttl, string renew = "2026-01-01T00:00:00+00:00")
    {
        var annotations = new Dictionary<string, string>
        {
            ["leader"] = leader ?? string.Empty,
            ["transitions"] = transitions.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["renewTime"] = renew,
            ["acquireTime"] = "2026-01-01T00:00:00+00:00",
        };
        if (ttl is not null)
        {
            annotations["ttl"] = ttl;
        }

        return new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "pg-leader", NamespaceProperty = "default", Annotations = annotations } };
    }

    private static V1Pod Pod(string name, string ip, bool ready = true) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "default", Uid = "uid-" + name },
        Spec = new V1PodSpec { NodeName = "node-a" },
        Status = new V1PodStatus { PodIP = ip, Conditions = [new V1PodCondition { Type = "Ready", Status = ready ? "True" : "False" }] },
    };
}
