using System.Text.Json.Nodes;
using PgHa.Testing.Tables;
using static PgHa.Testing.Tests.Tables.TableFixtures;

namespace PgHa.Testing.Tests.Tables;

public sealed class PodPrinterTests
{
    private const string Deleted = "\"metadata\": { \"name\": \"p\", \"deletionTimestamp\": \"2022-11-18T06:18:50Z\" }";

    // READY, STATUS, RESTARTS from kube's TestPrintPod and TestPrintPodWithRestartableInitContainer
    // (pkg/printers/internalversion/printers_test.go, v1.31+), pods without a creationTimestamp as there. Their
    // "time.Now().Add(-10 * time.Second)" and the like are written relative to TableFixtures.Now (06:19:00):
    // 06:18:50 is 10 s ago, 06:18:40 20 s, 06:17:00 2 min, 11-13 5 days, 11-08 10 days, 10-29 20 days.
    public static TheoryData<string, string, string, string> KubeCases => new()
    {
        { """{ "spec": { "containers": [{}, {}] }, "status": { "phase": "podPhase", "containerStatuses": [{ "ready": true, "restartCount": 3, "state": { "running": {} } }, { "restartCount": 3 }] } }""", "1/2", "podPhase", "6" },
        { """{ "spec": { "containers": [{}, {}] }, "status": { "phase": "podPhase", "containerStatuses": [{ "ready": true, "restartCount": 3, "state": { "running": {} } }, { "restartCount": 3, "state": { "waiting": { "reason": "ContainerWaitingReason" } } }] } }""", "1/2", "ContainerWaitingReason", "6" },
        { """{ "spec": { "containers": [{}, {}] }, "status": { "phase": "podPhase", "containerStatuses": [{ "restartCount": 3, "state": { "waiting": { "reason": "ContainerWaitingReason" } } }, { "restartCount": 3, "state": { "terminated": { "reason": "ContainerTerminatedReason" } } }] } }""", "0/2", "ContainerWaitingReason", "6" },
        { """{ "spec": { "containers": [{}, {}] }, "status": { "phase": "podPhase", "containerStatuses": [{ "ready": true, "restartCount": 3, "state": { "running": {} } }, { "ready": true, "restartCount": 3 }] } }""", "1/2", "podPhase", "6" },
        { """{ "spec": { "containers": [{}, {}] }, "status": { "reason": "podReason", "phase": "podPhase", "containerStatuses": [{ "ready": true, "restartCount": 3, "state": { "running": {} } }, { "ready": true, "restartCount": 3 }] } }""", "1/2", "podReason", "6" },
        { """{ "spec": { "containers": [{}, {}] }, "status": { "phase": "Running", "containerStatuses": [{ "ready": true, "restartCount": 3, "state": { "terminated": { "reason": "Completed", "exitCode": 0 } } }, { "ready": true, "restartCount": 3, "state": { "running": {} } }] } }""", "1/2", "NotReady", "6" },
        { """{ "spec": { "containers": [{}, {}] }, "status": { "phase": "Running", "conditions": [{ "type": "Ready", "status": "True" }], "containerStatuses": [{ "ready": true, "restartCount": 3, "state": { "terminated": { "reason": "Completed", "exitCode": 0 } } }, { "ready": true, "restartCount": 3, "state": { "running": {} } }] } }""", "1/2", "Running", "6" },
        { """{ "spec": { "initContainers": [{}], "containers": [{}] }, "status": { "phase": "podPhase", "initContainerStatuses": [{ "restartCount": 3, "state": { "running": {} }, "lastState": { "terminated": { "finishedAt": "2022-11-18T06:18:50Z" } } }], "containerStatuses": [{ "state": { "waiting": {} } }] } }""", "0/1", "Init:0/1", "3 (10s ago)" },
        { """{ "spec": { "initContainers": [{}, {}], "containers": [{}] }, "status": { "phase": "podPhase", "initContainerStatuses": [{ "restartCount": 3, "state": { "running": {} }, "lastState": { "terminated": { "finishedAt": "2022-11-18T06:18:50Z" } } }, { "state": { "waiting": {} } }], "containerStatuses": [{ "state": { "waiting": {} } }] } }""", "0/1", "Init:0/2", "3 (10s ago)" },
        { """{ "spec": { "initContainers": [{}, {}], "containers": [{}] }, "status": { "phase": "podPhase", "initContainerStatuses": [{ "state": { "terminated": {} } }, { "restartCount": 3, "state": { "running": {} }, "lastState": { "terminated": { "finishedAt": "2022-11-18T06:18:50Z" } } }], "containerStatuses": [{ "state": { "waiting": {} } }] } }""", "0/1", "Init:1/2", "3 (10s ago)" },
        { """{ "spec": { "initContainers": [{}, {}], "containers": [{}] }, "status": { "phase": "podPhase", "initContainerStatuses": [{ "restartCount": 2, "state": { "terminated": {} }, "lastState": { "terminated": { "finishedAt": "2022-11-18T06:17:00Z" } } }, { "restartCount": 3, "state": { "running": {} }, "lastState": { "terminated": { "finishedAt": "2022-11-18T06:18:50Z" } } }], "containerStatuses": [{ "state": { "waiting": {} } }] } }""", "0/1", "Init:1/2", "5 (10s ago)" },
        { """{ "spec": { "initContainers": [{}], "containers": [{}] }, "status": { "phase": "Running", "initContainerStatuses": [{ "restartCount": 2, "state": { "terminated": {} }, "lastState": { "terminated": { "finishedAt": "2022-11-18T06:17:00Z" } } }], "containerStatuses": [{ "restartCount": 4, "state": { "running": {} }, "lastState": { "terminated": { "finishedAt": "2022-11-18T06:18:40Z" } } }] } }""", "0/1", "Running", "4 (20s ago)" },
        { """{ "spec": { "containers": [{}] }, "status": { "phase": "Running", "containerStatuses": [{ "ready": true, "restartCount": 3, "state": { "running": {} }, "lastState": { "terminated": { "finishedAt": "2022-11-13T06:19:00Z" } } }] } }""", "1/1", "Running", "3 (5d ago)" },
        { """{ "spec": { "containers": [{}, {}] }, "status": { "phase": "Running", "containerStatuses": [{ "ready": true, "state": { "running": {} } }, { "ready": true, "restartCount": 3, "state": { "running": {} }, "lastState": { "terminated": { "finishedAt": "2022-11-08T06:19:00Z" } } }] } }""", "2/2", "Running", "3 (10d ago)" },
        { """{ "spec": { "containers": [{}, {}] }, "status": { "phase": "Running", "containerStatuses": [{ "ready": true, "restartCount": 6, "state": { "running": {} }, "lastState": { "terminated": { "finishedAt": "2022-11-13T06:19:00Z" } } }, { "ready": true, "restartCount": 3, "state": { "running": {} }, "lastState": { "terminated": { "finishedAt": "2022-10-29T06:19:00Z" } } }] } }""", "2/2", "Running", "9 (5d ago)" },
        { """{ "spec": { "containers": [{}, {}] }, "status": { "phase": "podPhase", "conditions": [{ "type": "PodScheduled", "status": "False", "reason": "SchedulingGated" }] } }""", "0/2", "SchedulingGated", "0" },
        { """{ "spec": { "containers": [{}] }, "status": { "phase": "Succeeded", "containerStatuses": [{ "state": { "terminated": { "reason": "Completed", "exitCode": 0 } } }] } }""", "0/1", "Completed", "0" },
        { """{ "spec": { "containers": [{}] }, "status": { "phase": "Failed", "containerStatuses": [{ "state": { "terminated": { "reason": "Error", "exitCode": 1 } } }] } }""", "0/1", "Error", "0" },
        { "{" + Deleted + """, "spec": { "containers": [{}] }, "status": { "phase": "Succeeded", "containerStatuses": [{ "state": { "terminated": { "reason": "Completed", "exitCode": 0 } } }] } }""", "0/1", "Completed", "0" },
        { "{" + Deleted + """, "spec": { "containers": [{}] }, "status": { "phase": "Running", "containerStatuses": [{ "state": { "running": {} } }] } }""", "0/1", "Terminating", "0" },
        { "{" + Deleted + """, "spec": { "containers": [{}] }, "status": { "phase": "Pending" } }""", "0/1", "Terminating", "0" },
        { """{ "spec": { "initContainers": [{ "name": "restartable-init-1", "restartPolicy": "Always" }, { "name": "restartable-init-2", "restartPolicy": "Always" }], "containers": [{}] }, "status": { "phase": "Pending", "conditions": [{ "type": "Initialized", "status": "False" }], "initContainerStatuses": [{ "name": "restartable-init-1", "restartCount": 3, "started": false, "state": { "running": {} }, "lastState": { "terminated": { "finishedAt": "2022-11-18T06:18:50Z" } } }, { "name": "restartable-init-2", "started": false, "state": { "waiting": {} } }], "containerStatuses": [{ "state": { "waiting": {} } }] } }""", "0/3", "Init:0/2", "3 (10s ago)" },
        { """{ "spec": { "initContainers": [{ "name": "restartable-init-1", "restartPolicy": "Always" }, { "name": "restartable-init-2", "restartPolicy": "Always" }], "containers": [{}] }, "status": { "phase": "Pending", "conditions": [{ "type": "Initialized", "status": "False" }], "initContainerStatuses": [{ "name": "restartable-init-1", "restartCount": 3, "started": true, "state": { "running": {} }, "lastState": { "terminated": { "finishedAt": "2022-11-18T06:18:50Z" } } }, { "name": "restartable-init-2", "started": false, "state": { "running": {} } }], "containerStatuses": [{ "state": { "waiting": {} } }] } }""", "0/3", "Init:1/2", "3 (10s ago)" },
        { """{ "spec": { "initContainers": [{ "name": "restartable-init-1", "restartPolicy": "Always" }, { "name": "restartable-init-2", "restartPolicy": "Always" }], "containers": [{}] }, "status": { "phase": "Running", "conditions": [{ "type": "Initialized", "status": "True" }], "initContainerStatuses": [{ "name": "restartable-init-1", "restartCount": 3, "started": true, "state": { "running": {} }, "lastState": { "terminated": { "finishedAt": "2022-11-18T06:18:50Z" } } }, { "name": "restartable-init-2", "started": true, "state": { "running": {} } }], "containerStatuses": [{ "ready": true, "restartCount": 4, "state": { "running": {} }, "lastState": { "terminated": { "finishedAt": "2022-11-18T06:18:40Z" } } }] } }""", "1/3", "Running", "7 (10s ago)" },
        { """{ "spec": { "initContainers": [{ "name": "restartable-init-1", "restartPolicy": "Always" }, { "name": "restartable-init-2", "restartPolicy": "Always" }], "containers": [{}] }, "status": { "phase": "Succeeded", "conditions": [{ "type": "Initialized", "status": "True" }], "initContainerStatuses": [{ "name": "restartable-init-1", "restartCount": 3, "started": false, "state": { "terminated": { "reason": "Error", "exitCode": 137 } }, "lastState": { "terminated": { "finishedAt": "2022-11-18T06:18:50Z" } } }, { "name": "restartable-init-2", "started": false, "state": { "terminated": { "reason": "Error", "exitCode": 137 } } }], "containerStatuses": [{ "restartCount": 4, "state": { "terminated": { "reason": "Completed", "exitCode": 0 } }, "lastState": { "terminated": { "finishedAt": "2022-11-18T06:18:40Z" } } }] } }""", "0/3", "Completed", "7 (10s ago)" },
        { """{ "spec": { "initContainers": [{ "name": "init1" }, { "name": "sidecar1", "restartPolicy": "Always" }], "containers": [{ "name": "container1" }] }, "status": { "phase": "Running", "initContainerStatuses": [{ "name": "initinvalid" }, { "name": "init1" }, { "name": "sidecar1" }], "containerStatuses": [{ "name": "containerinvalid" }, { "name": "container1" }] } }""", "0/2", "Init:0/2", "0" },
    };

    // Branches of kube's printPod the upstream table does not cover.
    public static TheoryData<string, string, string, string> MoreCases => new()
    {
        { "{" + Deleted + """, "spec": { "containers": [{}] }, "status": { "phase": "Running", "reason": "NodeLost" } }""", "0/1", "Unknown", "0" },
        { """{ "spec": { "initContainers": [{}], "containers": [{}] }, "status": { "phase": "Pending", "initContainerStatuses": [{ "state": { "terminated": { "exitCode": 1 } } }] } }""", "0/1", "Init:ExitCode:1", "0" },
        { """{ "spec": { "initContainers": [{}], "containers": [{}] }, "status": { "phase": "Pending", "initContainerStatuses": [{ "state": { "terminated": { "exitCode": 137, "signal": 9 } } }] } }""", "0/1", "Init:Signal:9", "0" },
        { """{ "spec": { "initContainers": [{}], "containers": [{}] }, "status": { "phase": "Pending", "initContainerStatuses": [{ "state": { "terminated": { "reason": "OOMKilled", "exitCode": 137 } } }] } }""", "0/1", "Init:OOMKilled", "0" },
        { """{ "spec": { "initContainers": [{}], "containers": [{}] }, "status": { "phase": "Pending", "initContainerStatuses": [{ "state": { "waiting": { "reason": "CrashLoopBackOff" } } }] } }""", "0/1", "Init:CrashLoopBackOff", "0" },
        { """{ "spec": { "initContainers": [{}], "containers": [{}] }, "status": { "phase": "Pending", "initContainerStatuses": [{ "state": { "waiting": { "reason": "PodInitializing" } } }] } }""", "0/1", "Init:0/1", "0" },
        { """{ "spec": { "containers": [{}] }, "status": { "phase": "Running", "containerStatuses": [{ "state": { "terminated": { "exitCode": 2 } } }] } }""", "0/1", "ExitCode:2", "0" },
        { """{ "spec": { "containers": [{}] }, "status": { "phase": "Running", "containerStatuses": [{ "state": { "terminated": { "exitCode": 143, "signal": 15 } } }] } }""", "0/1", "Signal:15", "0" },
        { """{ "spec": { "containers": [{}] }, "status": { "phase": "Pending", "containerStatuses": [{ "state": { "waiting": { "reason": "ImagePullBackOff" } } }] } }""", "0/1", "ImagePullBackOff", "0" },
        { """{ "spec": { "containers": [{}] }, "status": { "phase": "Running", "containerStatuses": [{ "restartCount": 2, "state": { "running": {} } }] } }""", "0/1", "Running", "2" },
        { """{ }""", "0/0", "", "0" },
    };

    [Theory]
    [MemberData(nameof(KubeCases))]
    [MemberData(nameof(MoreCases))]
    public void Reasons_status_as_kube(string pod, string ready, string status, string restarts)
    {
        var cells = Cells(Pods, pod);
        cells[1..4].Should().Equal(ready, status, restarts);
        cells[4].Should().Be("<unknown>");
    }

    [Theory]
    [InlineData("Succeeded", "The pod has completed successfully.")]
    [InlineData("Failed", "The pod failed.")]
    public void Marks_finished_pods_completed(string phase, string message)
    {
        var table = TableConverter.ToTable(Pods, Parse($$"""{ "status": { "phase": "{{phase}}" } }"""), TableOptions.Default, Now);
        table["rows"]![0]!["conditions"]!.ToJsonString().Should().Be(new JsonArray
        {
            new JsonObject { ["type"] = "Completed", ["status"] = "True", ["reason"] = phase, ["message"] = message },
        }.ToJsonString());
    }

    [Fact]
    public void Running_pods_have_no_row_conditions()
    {
        var table = TableConverter.ToTable(Pods, Parse("""{ "status": { "phase": "Running" } }"""), TableOptions.Default, Now);
        table["rows"]![0]!.AsObject().ContainsKey("conditions").Should().BeFalse();
    }

    // kube's TestPrintPodwide: IP (first of podIPs), NODE, NOMINATED NODE, READINESS GATES (true gates / gates).
    [Theory]
    [InlineData("""{ "spec": { "containers": [{}], "nodeName": "test1", "readinessGates": [{ "conditionType": "condition1" }, { "conditionType": "condition2" }, { "conditionType": "condition3" }] }, "status": { "phase": "podPhase", "conditions": [{ "type": "condition1", "status": "False" }, { "type": "condition2", "status": "True" }], "podIPs": [{ "ip": "1.1.1.1" }, { "ip": "2001:db8::" }], "nominatedNodeName": "node1" } }""", "1.1.1.1", "test1", "node1", "1/3")]
    [InlineData("""{ "spec": { "containers": [{}] }, "status": { "phase": "podPhase" } }""", "<none>", "<none>", "<none>", "<none>")]
    [InlineData("""{ "spec": { "containers": [{}], "nodeName": "node-a" }, "status": { "podIP": "10.8.112.49" } }""", "10.8.112.49", "node-a", "<none>", "<none>")]
    public void Prints_wide_columns_as_kube(string pod, string ip, string node, string nominated, string gates) =>
        Cells(Pods, pod)[5..].Should().Equal(ip, node, nominated, gates);

    [Fact]
    public void Prints_the_seed_primary()
    {
        const string pod = """
            {
              "apiVersion": "v1", "kind": "Pod",
              "metadata": { "name": "acid-minimal-cluster-0", "namespace": "default", "creationTimestamp": "2022-11-16T08:21:00Z",
                            "labels": { "application": "spilo", "cluster-name": "acid-minimal-cluster", "spilo-role": "master", "team": "acid" } },
              "spec": { "containers": [{ "name": "postgres", "image": "ghcr.io/zalando/spilo-15:3.0-p1" }], "nodeName": "node-1" },
              "status": {
                "phase": "Running", "podIP": "10.8.112.49", "podIPs": [{ "ip": "10.8.112.49" }],
                "conditions": [{ "type": "Initialized", "status": "True" }, { "type": "Ready", "status": "True" }],
                "containerStatuses": [{ "name": "postgres", "ready": true, "started": true, "restartCount": 0, "state": { "running": { "startedAt": "2022-11-16T08:21:20Z" } } }]
              }
            }
            """;
        Cells(Pods, pod).Should().Equal("acid-minimal-cluster-0", "1/1", "Running", "0", "45h", "10.8.112.49", "node-1", "<none>", "<none>");
        Headers(TableConverter.ToTable(Pods, Parse(pod), TableOptions.Default, Now), wide: true)
            .Should().Equal("NAME", "READY", "STATUS", "RESTARTS", "AGE", "IP", "NODE", "NOMINATED NODE", "READINESS GATES");
    }
}
