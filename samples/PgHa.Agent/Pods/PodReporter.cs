using System.Net;
using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using k8s.Models;
using PgHa.Election.Eligibility;

namespace PgHa.Agent.Pods;

/// <summary>
/// Keeps the agent's own Pod telling the truth, as Patroni does: the role label (which the replica Service
/// selects on), the <c>status</c> annotation, and optionally the <c>Ready</c> condition. Writes only what changed;
/// a steady member makes no writes at all, a busy primary one per loop wait.
/// </summary>
internal sealed class PodReporter(IKubernetes client, AgentOptions options, string host, int port, TimeProvider time)
{
    private string? _label;
    private MemberStatus? _status;
    private long _statusWrittenAt;
    private bool? _ready;

    /// <summary>Brings the Pod up to date with <paramref name="status"/>; returns the number of writes made.</summary>
    public async Task<int> ReportAsync(MemberStatus status, CancellationToken cancellationToken)
    {
        var writes = 0;
        var label = status.Role == MemberStatus.MasterRole ? options.MasterRole : options.ReplicaRole;
        var positionDue = time.GetElapsedTime(_statusWrittenAt) >= options.LoopWait;
        var writeLabel = label != _label;
        var writeStatus = MemberStatus.NeedsWrite(_status, status, positionDue);
        if (writeLabel || writeStatus)
        {
            var metadata = new JsonObject();
            if (writeLabel)
            {
                metadata["labels"] = new JsonObject { [options.RoleLabel] = label };
            }

            if (writeStatus)
            {
                metadata["annotations"] = new JsonObject { [PodStatusMemberDirectory.StatusAnnotation] = status.ToJson(host, port) };
            }

            if (await PatchAsync(new JsonObject { ["metadata"] = metadata }, statusSubresource: false, cancellationToken).ConfigureAwait(false))
            {
                writes++;
                _label = label;
                if (writeStatus)
                {
                    _status = status;
                    _statusWrittenAt = time.GetTimestamp();
                }
            }
        }

        if (options.ReportReadiness && status.Ready != _ready)
        {
            var condition = new JsonObject
            {
                ["type"] = "Ready",
                ["status"] = status.Ready ? "True" : "False",
                ["lastTransitionTime"] = time.GetUtcNow().ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture),
            };

            // A strategic merge patch merges conditions by type, leaving the others alone.
            var body = new JsonObject { ["status"] = new JsonObject { ["conditions"] = new JsonArray(condition) } };
            if (await PatchAsync(body, statusSubresource: true, cancellationToken).ConfigureAwait(false))
            {
                writes++;
                _ready = status.Ready;
            }
        }

        return writes;
    }

    /// <summary>Forgets what was written, so the next report writes everything (after the Pod was recreated, say).</summary>
    public void Reset()
    {
        _label = null;
        _status = null;
        _ready = null;
    }

    private async Task<bool> PatchAsync(JsonObject body, bool statusSubresource, CancellationToken cancellationToken)
    {
        var patch = new V1Patch(body.ToJsonString(), V1Patch.PatchType.StrategicMergePatch);
        try
        {
            if (statusSubresource)
            {
                await client.CoreV1.PatchNamespacedPodStatusAsync(patch, options.PodName, options.Namespace, cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await client.CoreV1.PatchNamespacedPodAsync(patch, options.PodName, options.Namespace, cancellationToken: cancellationToken).ConfigureAwait(false);
            }

            return true;
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            // No Pod (yet): nothing to label; try again on the next report.
            return false;
        }
    }
}
