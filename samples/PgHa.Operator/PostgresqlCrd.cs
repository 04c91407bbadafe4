using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace PgHa.Operator;

/// <summary>The <c>postgresqls.acid.zalan.do</c> CustomResourceDefinition the operator serves (deploy/postgresql-crd.yaml).</summary>
public static class PostgresqlCrd
{
    private const string ResourceName = "PgHa.Operator.postgresql-crd.yaml";
    private static readonly Lazy<string> Yaml = new(ReadYaml);

    /// <summary>The definition, parsed from the manifest embedded in this assembly (a new copy each time).</summary>
    public static V1CustomResourceDefinition Definition => KubernetesYaml.Deserialize<V1CustomResourceDefinition>(Yaml.Value);

    /// <summary>Creates the definition, or updates one that exists, and waits until the API serves it (Established).</summary>
    /// <param name="client">The Kubernetes client.</param>
    /// <param name="cancellationToken">Ends the wait.</param>
    /// <returns>A task that completes once the definition is established.</returns>
    public static async Task InstallAsync(IKubernetes client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        var definition = Definition;
        try
        {
            await client.ApiextensionsV1.CreateCustomResourceDefinitionAsync(definition, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (HttpOperationException e) when (e.Response?.StatusCode == HttpStatusCode.Conflict)
        {
            var existing = await client.ApiextensionsV1.ReadCustomResourceDefinitionAsync(definition.Name(), cancellationToken: cancellationToken).ConfigureAwait(false);
            existing.Spec = definition.Spec;
            existing.Metadata.Labels = definition.Metadata.Labels;
            await client.ApiextensionsV1.ReplaceCustomResourceDefinitionAsync(existing, existing.Name(), cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        // A one-off wait at install time, not a control loop: read until the API server reports the definition served.
        var delay = TimeSpan.FromMilliseconds(20);
        while (true)
        {
            var current = await client.ApiextensionsV1.ReadCustomResourceDefinitionAsync(definition.Name(), cancellationToken: cancellationToken).ConfigureAwait(false);
            if (current.Status?.Conditions?.Any(c => c.Type == "Established" && c.Status == "True") == true)
            {
                return;
            }

            await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(1).Ticks));
        }
    }

    private static string ReadYaml()
    {
        using var stream = typeof(PostgresqlCrd).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The embedded resource {ResourceName} is missing from {typeof(PostgresqlCrd).Assembly.GetName().Name}.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
