using System.Text.Json;
using k8s;

namespace PgHa.Election.Eligibility;

/// <summary>
/// Reads the members' positions where Patroni publishes them: the JSON <c>status</c> annotation of each member's
/// Pod (<c>xlog_location</c>, and <c>tags.nofailover</c>). Pods are found by label selector, by default Patroni's
/// <c>application=spilo,cluster-name=&lt;scope&gt;</c>. A Pod without a readable status is left out.
/// </summary>
public sealed class PodStatusMemberDirectory : IMemberDirectory
{
    /// <summary>The Pod annotation Patroni writes member status into.</summary>
    public const string StatusAnnotation = "status";

    private readonly IKubernetes _client;
    private readonly string _namespace;
    private readonly string _labelSelector;

    /// <summary>Creates the directory.</summary>
    /// <param name="client">The Kubernetes client.</param>
    /// <param name="namespace">The members' namespace.</param>
    /// <param name="labelSelector">Selects the cluster's Pods, e.g. <c>application=spilo,cluster-name=acid-minimal-cluster</c>.</param>
    public PodStatusMemberDirectory(IKubernetes client, string @namespace, string labelSelector)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentException.ThrowIfNullOrEmpty(@namespace);
        ArgumentException.ThrowIfNullOrEmpty(labelSelector);
        _client = client;
        _namespace = @namespace;
        _labelSelector = labelSelector;
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<MemberPosition>> GetMembersAsync(CancellationToken cancellationToken)
    {
        var pods = await _client.CoreV1.ListNamespacedPodAsync(_namespace, labelSelector: _labelSelector, cancellationToken: cancellationToken).ConfigureAwait(false);
        var members = new List<MemberPosition>();
        foreach (var pod in pods.Items)
        {
            if (pod.Metadata.Annotations?.TryGetValue(StatusAnnotation, out var status) == true && Parse(pod.Metadata.Name, status) is { } member)
            {
                members.Add(member);
            }
        }

        return members;
    }

    /// <summary>Reads one Patroni member status document; null when it is not one.</summary>
    /// <param name="name">The member (Pod) name.</param>
    /// <param name="status">The <c>status</c> annotation's JSON.</param>
    public static MemberPosition? Parse(string name, string status)
    {
        try
        {
            using var document = JsonDocument.Parse(status);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            long? position = root.TryGetProperty("xlog_location", out var xlog) && xlog.ValueKind == JsonValueKind.Number && xlog.TryGetInt64(out var lsn) ? lsn : null;
            var noFailover = root.TryGetProperty("tags", out var tags) && tags.ValueKind == JsonValueKind.Object &&
                tags.TryGetProperty("nofailover", out var flag) && flag.ValueKind == JsonValueKind.True;
            return new MemberPosition(name, position, noFailover);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
