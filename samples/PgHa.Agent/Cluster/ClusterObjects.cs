using k8s;
using PgHa.Election;

namespace PgHa.Agent.Cluster;

/// <summary>The cluster's shared objects besides the lock, named as Patroni names them: <c>&lt;cluster&gt;-config</c> and <c>&lt;cluster&gt;-sync</c>.</summary>
internal sealed class ClusterObjects
{
    /// <summary>Patroni's annotation on <c>-config</c> recording the bootstrapped cluster's system identifier.</summary>
    public const string InitializeKey = "initialize";

    public ClusterObjects(IKubernetes client, AgentOptions options)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal) { ["application"] = "spilo", ["cluster-name"] = options.ClusterName };
        Config = new AnnotatedObjectStore(client, options.Namespace, options.ClusterName + "-config", endpoints: false, labels);

        // Patroni keeps -sync next to the lock: an Endpoints object in Endpoints mode, else a ConfigMap.
        Sync = new AnnotatedObjectStore(client, options.Namespace, options.ClusterName + "-sync", endpoints: options.LockKind == LockKind.Endpoints, labels);
    }

    public AnnotatedObjectStore Config { get; }

    public AnnotatedObjectStore Sync { get; }

    /// <summary>The recorded system identifier, or null when the cluster was never bootstrapped.</summary>
    public async Task<string?> ReadInitializedAsync(CancellationToken cancellationToken)
    {
        var config = await Config.ReadAsync(cancellationToken).ConfigureAwait(false);
        return config?.Get(InitializeKey) is { Length: > 0 } id ? id : null;
    }

    /// <summary>Records the bootstrapped cluster's system identifier (compare-and-swap, creating <c>-config</c> if missing). False when another member's identifier is already there.</summary>
    public async Task<bool> RecordInitializedAsync(string systemIdentifier, CancellationToken cancellationToken)
    {
        var changes = new Dictionary<string, string?>(StringComparer.Ordinal) { [InitializeKey] = systemIdentifier };
        while (true)
        {
            var config = await Config.ReadAsync(cancellationToken).ConfigureAwait(false);
            if (config?.Get(InitializeKey) is { Length: > 0 } existing)
            {
                return existing == systemIdentifier;
            }

            if (await Config.TryWriteAsync(config, changes, cancellationToken).ConfigureAwait(false) is not null)
            {
                return true;
            }
        }
    }
}
