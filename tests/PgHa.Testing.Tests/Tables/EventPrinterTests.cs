using PgHa.Testing.Tables;
using static PgHa.Testing.Tests.Tables.TableFixtures;

namespace PgHa.Testing.Tests.Tables;

public sealed class EventPrinterTests
{
    // kube's printEvent (always wide on the server): LAST SEEN, TYPE, REASON, OBJECT, SUBOBJECT, SOURCE, MESSAGE,
    // FIRST SEEN, COUNT (an integer cell), NAME.
    [Fact]
    public void Prints_a_kubelet_event()
    {
        const string e = """
            {
              "apiVersion": "v1", "kind": "Event",
              "metadata": { "name": "acid-minimal-cluster-0.17293a4c", "namespace": "default", "creationTimestamp": "2022-11-16T08:21:20Z" },
              "involvedObject": { "kind": "Pod", "name": "acid-minimal-cluster-0", "namespace": "default", "fieldPath": "spec.containers{postgres}" },
              "reason": "Started", "message": "Started container postgres\n", "type": "Normal",
              "source": { "component": "kubelet", "host": "node-1" },
              "firstTimestamp": "2022-11-16T08:21:20Z", "lastTimestamp": "2022-11-18T06:14:00Z", "count": 3
            }
            """;
        Cells(Events, e).Should().Equal(
            "5m", "Normal", "Started", "pod/acid-minimal-cluster-0", "spec.containers{postgres}", "kubelet, node-1",
            "Started container postgres", "45h", "3", "acid-minimal-cluster-0.17293a4c");
    }

    // First seen counts from eventTime, a MicroTime: 59.88 s truncate to 59s as Go's HumanDuration does.
    [Fact]
    public void Prints_a_series_event_of_the_new_api_written_to_core()
    {
        const string e = """
            {
              "metadata": { "name": "acid-minimal-cluster.leader" },
              "involvedObject": { "kind": "Endpoints", "name": "acid-minimal-cluster" },
              "reason": "LeaderChanged", "message": "acid-minimal-cluster-1 took the lock", "type": "Warning",
              "eventTime": "2022-11-18T06:18:00.123456Z", "series": { "count": 4, "lastObservedTime": "2022-11-18T06:18:30.000000Z" },
              "reportingComponent": "pgha-operator", "reportingInstance": "pgha-operator-7d9"
            }
            """;
        Cells(Events, e).Should().Equal(
            "30s", "Warning", "LeaderChanged", "endpoints/acid-minimal-cluster", "", "pgha-operator, pgha-operator-7d9",
            "acid-minimal-cluster-1 took the lock", "59s", "4", "acid-minimal-cluster.leader");
    }

    [Fact]
    public void Counts_a_singleton_once_and_reuses_first_seen()
    {
        const string e = """
            { "metadata": { "name": "n" }, "involvedObject": { "kind": "Node" }, "reason": "Rebooted", "type": "Warning",
              "firstTimestamp": "2022-11-18T06:09:00Z", "source": { "component": "kubelet" } }
            """;
        Cells(Events, e).Should().Equal("10m", "Warning", "Rebooted", "node", "", "kubelet", "", "10m", "1", "n");
    }

    [Fact]
    public void An_event_without_any_time_is_unknown() =>
        Cells(Events, """{ "metadata": { "name": "n" } }""").Should().Equal("<unknown>", "", "", "", "", "", "", "<unknown>", "1", "n");

    [Fact]
    public void Reads_the_field_names_of_events_k8s_io()
    {
        const string e = """
            {
              "apiVersion": "events.k8s.io/v1", "kind": "Event",
              "metadata": { "name": "acid-minimal-cluster.failover" },
              "regarding": { "kind": "Pod", "name": "acid-minimal-cluster-1", "fieldPath": "spec.containers{postgres}" },
              "note": "  promoted  ", "reason": "Promoted", "type": "Normal", "action": "Promote",
              "eventTime": "2022-11-18T06:18:58.000000Z", "reportingController": "patroni", "reportingInstance": "acid-minimal-cluster-1",
              "deprecatedFirstTimestamp": "2022-11-18T06:17:00Z", "deprecatedLastTimestamp": "2022-11-18T06:18:00Z", "deprecatedCount": 2
            }
            """;
        Cells(EventsV1, e).Should().Equal(
            "60s", "Normal", "Promoted", "pod/acid-minimal-cluster-1", "spec.containers{postgres}", "patroni, acid-minimal-cluster-1",
            "promoted", "2m", "2", "acid-minimal-cluster.failover");
    }

    [Fact]
    public void Has_kubes_columns()
    {
        var table = TableConverter.ToTable(Events, Parse("""{ "metadata": { "name": "n" } }"""), TableOptions.Default, Now);
        Headers(table).Should().Equal("LAST SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE");
        Headers(table, wide: true).Should().Equal(
            "LAST SEEN", "TYPE", "REASON", "OBJECT", "SUBOBJECT", "SOURCE", "MESSAGE", "FIRST SEEN", "COUNT", "NAME");
    }
}
