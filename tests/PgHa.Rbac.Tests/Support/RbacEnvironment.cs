using k8s;
using PgHa.Operator;
using PgHa.Testing;
using PgHa.Testing.Diagnostics;
using PgHa.Testing.Tests.Support;

namespace PgHa.Rbac.Tests.Support;

/// <summary>
/// An RBAC-enforcing embedded API server with the postgresql CRD (installed by the admin, as a cluster admin would
/// apply deploy/postgresql-crd.yaml), the operator's manifest applied and the operator running under its service
/// account, scoped to one namespace. Clusters are added with <see cref="AddClusterAsync"/>.
/// </summary>
internal sealed class RbacEnvironment : IAsyncDisposable
{
    public const string Namespace = "default";

    private readonly List<DatabaseCluster> _clusters = [];
    private readonly CancellationTokenSource _stop = new();
    private Task _operatorRun = Task.CompletedTask;

    private RbacEnvironment(KubeApiServer server) => Server = server;

    public KubeApiServer Server { get; }

    public IKubernetes Admin => Server.Client;

    public PostgresOperator Operator { get; private set; } = null!;

    public static async Task<RbacEnvironment> StartAsync(IList<object>? operatorManifest = null, AuthorizationMode mode = AuthorizationMode.Rbac)
    {
        var server = await KubeApiServer.StartAsync(new KubeApiServerOptions { Authorization = mode });
        var environment = new RbacEnvironment(server);
        try
        {
            await PostgresqlCrd.InstallAsync(server.Client, TestTimeouts.Token());
            await Manifests.ApplyAsync(server.Client, operatorManifest ?? Manifests.Operator(), Namespace, TestTimeouts.Token());
            var client = server.CreateServiceAccountClient(Namespace, Manifests.OperatorAccount, "operator");
            environment.Operator = new PostgresOperator(client, new OperatorOptions { Namespace = Namespace, RetryMaxDelay = TimeSpan.FromMilliseconds(500) });
            environment._operatorRun = environment.Operator.RunAsync(environment._stop.Token);
            return environment;
        }
        catch
        {
            await environment.DisposeAsync();
            throw;
        }
    }

    /// <summary>A database cluster: its agent manifest rendered and applied, its postgresql resource, Pods and members (started).</summary>
    public async Task<DatabaseCluster> AddClusterAsync(string name, IList<object>? agentManifest = null)
    {
        await Manifests.ApplyAsync(Admin, agentManifest ?? Manifests.Agent(name), Namespace, TestTimeouts.Token());
        var cluster = new DatabaseCluster(this, name);
        _clusters.Add(cluster);
        await cluster.StartAsync();
        return cluster;
    }

    /// <summary>The refused requests (401 and 403) so far.</summary>
    public IReadOnlyList<RequestRecord> Refusals() => Server.RequestLog.Snapshot().Where(r => r.StatusCode is 401 or 403).ToList();

    public async ValueTask DisposeAsync()
    {
        foreach (var cluster in _clusters)
        {
            await cluster.DisposeAsync();
        }

        await _stop.CancelAsync();
        try
        {
            await _operatorRun;
        }
        catch (OperationCanceledException)
        {
        }

        if (Operator is not null)
        {
            await Operator.DisposeAsync();
        }

        await Server.DisposeAsync();
        _stop.Dispose();
    }
}
