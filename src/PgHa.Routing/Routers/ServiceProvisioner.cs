using System.Net;
using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PgHa.Routing.Diagnostics;
using PgHa.Routing.Resources;

namespace PgHa.Routing.Routers;

/// <summary>
/// Ensures the master Service <c>&lt;cluster&gt;</c> (ClusterIP, no selector: its route is written, not computed) and
/// the replica Service <c>&lt;cluster&gt;-repl</c> (a selector on the replica role), as postgres-operator does.
/// Idempotent: an existing Service is adopted as it is, with only missing labels added; a master Service that
/// someone gave a selector is reported, not overwritten, because removing it could cut off whatever relies on it.
/// </summary>
public sealed class ServiceProvisioner : IServiceProvisioner
{
    private const int MaxAttempts = 3;

    private readonly IKubernetes _client;
    private readonly PrimaryRouterOptions _options;
    private readonly ILogger _logger;

    /// <summary>Creates a provisioner.</summary>
    /// <param name="client">The Kubernetes client.</param>
    /// <param name="options">The cluster's routing settings; validated here.</param>
    /// <param name="logger">The logger.</param>
    public ServiceProvisioner(IKubernetes client, PrimaryRouterOptions options, ILogger<ServiceProvisioner>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
        options.ThrowIfInvalid();
        _client = client;
        _options = options.Snapshot();
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    /// <inheritdoc />
    public async Task<ServiceProvisioning> EnsureServicesAsync(CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        var (master, masterWrites) = await EnsureAsync(RouteObjects.MasterService(_options), cancellationToken).ConfigureAwait(false);
        if (master.Spec?.Selector is { Count: > 0 } selector)
        {
            problems.Add($"The master Service {Describe(master)} has a selector ({Format(selector)}): Kubernetes adds its own slices for the pods it selects next to the route, so clients may reach a replica. Remove the selector; PgHa leaves it in place.");
        }

        if (master.Spec?.Type == "ExternalName")
        {
            problems.Add($"The master Service {Describe(master)} is of type ExternalName, which has no endpoints; the route cannot take effect.");
        }

        V1Service? replica = null;
        var replicaWrites = 0;
        if (_options.ProvisionReplicaService)
        {
            (replica, replicaWrites) = await EnsureAsync(RouteObjects.ReplicaService(_options), cancellationToken).ConfigureAwait(false);
            var wanted = RouteObjects.ReplicaSelector(_options);
            var actual = replica.Spec?.Selector ?? new Dictionary<string, string>();
            if (actual.Count != wanted.Count || wanted.Any(w => !actual.TryGetValue(w.Key, out var value) || value != w.Value))
            {
                problems.Add($"The replica Service {Describe(replica)} selects {Format(actual)}, not {Format(wanted)}; PgHa leaves it in place.");
            }
        }

        foreach (var problem in problems)
        {
            Log.ServiceMisconfigured(_logger, problem);
        }

        return new ServiceProvisioning(master, replica, masterWrites + replicaWrites, problems);
    }

    private async Task<(V1Service Service, int Writes)> EnsureAsync(V1Service desired, CancellationToken cancellationToken, int attempt = 1)
    {
        var name = desired.Name();
        var live = await ReadAsync(name, cancellationToken).ConfigureAwait(false);
        if (live is null)
        {
            try
            {
                var created = await _client.CoreV1.CreateNamespacedServiceAsync(desired, _options.Namespace, cancellationToken: cancellationToken).ConfigureAwait(false);
                if (_logger.IsEnabled(LogLevel.Information))
                {
                    var described = Describe(created);
                    Log.ServiceCreated(_logger, described);
                }

                return (created, 1);
            }
            catch (HttpOperationException e) when (e.Response?.StatusCode == HttpStatusCode.Conflict)
            {
                // Someone created it meanwhile: adopt theirs.
                live = await ReadAsync(name, cancellationToken).ConfigureAwait(false)
                    ?? throw new InvalidOperationException($"Service {_options.Namespace}/{name} was reported to exist but cannot be read.", e);
            }
        }

        var missing = desired.Metadata.Labels.Where(l => live.GetLabel(l.Key) is null).ToDictionary(l => l.Key, l => l.Value);
        var owner = _options.ServiceOwner;
        var ownerMissing = owner is not null && !(live.OwnerReferences() ?? []).Any(o => o.Uid == owner.Uid);
        if (missing.Count == 0 && !ownerMissing)
        {
            return (live, 0);
        }

        // A merge patch of only the missing labels (and owner), guarded by the version read: others' labels, owners and
        // the spec stay as they are.
        var labels = new JsonObject();
        foreach (var (key, value) in missing)
        {
            labels[key] = value;
        }

        var metadata = new JsonObject { ["resourceVersion"] = live.ResourceVersion(), ["labels"] = labels };
        if (ownerMissing)
        {
            metadata["ownerReferences"] = JsonNode.Parse(KubernetesJson.Serialize((live.OwnerReferences() ?? []).Append(owner!).ToList()));
            missing["ownerReference"] = owner!.Kind + "/" + owner.Name;
        }

        var patch = new JsonObject { ["metadata"] = metadata };
        V1Service adopted;
        try
        {
            adopted = await _client.CoreV1.PatchNamespacedServiceAsync(
                new V1Patch(patch.ToJsonString(), V1Patch.PatchType.MergePatch), name, _options.Namespace, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (HttpOperationException e) when (e.Response?.StatusCode is HttpStatusCode.Conflict or HttpStatusCode.NotFound && attempt < MaxAttempts)
        {
            // Changed or deleted since it was read: start over from a fresh read.
            return await EnsureAsync(desired, cancellationToken, attempt + 1).ConfigureAwait(false);
        }

        if (_logger.IsEnabled(LogLevel.Information))
        {
            var (described, added) = (Describe(adopted), Format(missing));
            Log.ServiceAdopted(_logger, described, added);
        }

        return (adopted, 1);
    }

    private async Task<V1Service?> ReadAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            return await _client.CoreV1.ReadNamespacedServiceAsync(name, _options.Namespace, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (HttpOperationException e) when (e.Response?.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    private static string Describe(V1Service service) => service.Namespace() + "/" + service.Name();

    private static string Format(IDictionary<string, string> labels) =>
        labels.Count == 0 ? "nothing" : string.Join(", ", labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}={l.Value}"));
}
