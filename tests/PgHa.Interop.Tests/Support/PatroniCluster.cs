using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using k8s;
using k8s.Models;
using PgHa.Testing;

namespace PgHa.Interop.Tests.Support;

/// <summary>
/// Real Patroni 3 members with real PostgreSQL 15 on loopback addresses of their own, against the embedded API
/// server: the Pods they need (with their IPs in <c>status</c>), one kubeconfig with a token per member, configuration
/// with short timings, and clean-up that leaves no process or directory behind, even when a test fails or the test
/// host dies (every process the cluster starts carries a marker its descendants inherit; see <see cref="FixtureProcesses"/>).
/// </summary>
internal sealed class PatroniCluster : IAsyncDisposable
{
    public const string Scope = "acid-minimal-cluster";
    public const int Ttl = 10;
    public const int LoopWait = 1;
    public const int RetryTimeout = 4;
    private const string DirectoryPrefix = "pgha-patroni-";

    private static int _next = Random.Shared.Next(0, 200);
    private readonly string _marker = FixtureProcesses.NewMarker();
    private readonly List<PatroniMember> _members = [];
    private readonly int _subnet;

    private PatroniCluster(KubeApiServer server, string directory, bool useEndpoints)
    {
        Server = server;
        Directory = directory;
        UseEndpoints = useEndpoints;
        _subnet = 20 + (Interlocked.Increment(ref _next) % 200);
    }

    public KubeApiServer Server { get; }

    public IKubernetes Admin => Server.Client;

    public string Directory { get; }

    public bool UseEndpoints { get; }

    public IReadOnlyList<PatroniMember> Members => _members;

    /// <summary>The name of the object that holds the lock: <c>&lt;scope&gt;</c> (Endpoints) or <c>&lt;scope&gt;-leader</c> (ConfigMap).</summary>
    public string LockName => UseEndpoints ? Scope : Scope + "-leader";

    /// <summary>Starts the embedded API server and prepares (but does not start) <paramref name="members"/> members.</summary>
    public static async Task<PatroniCluster> CreateAsync(int members, bool useEndpoints)
    {
        PatroniEnvironment.RequireOrSkip();
        FixtureProcesses.KillOrphans();
        RemoveOrphanedDirectories();
        var directory = System.IO.Directory.CreateTempSubdirectory(DirectoryPrefix + Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + "-").FullName;
        var cluster = new PatroniCluster(await KubeApiServer.StartAsync(), directory, useEndpoints);
        try
        {
            for (var i = 0; i < members; i++)
            {
                await cluster.AddMemberAsync();
            }

            await ChownAsync(directory);
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>The member named <paramref name="name"/>.</summary>
    public PatroniMember Member(string name) => _members.Single(m => m.Name == name);

    /// <summary>Prepares one more member: its Pod, directories and configuration.</summary>
    public async Task<PatroniMember> AddMemberAsync()
    {
        var ordinal = _members.Count;
        var name = $"{Scope}-{ordinal}";
        var address = IPAddress.Parse(string.Create(CultureInfo.InvariantCulture, $"127.0.{_subnet}.{10 + ordinal}"));
        var directory = System.IO.Directory.CreateDirectory(Path.Combine(Directory, name)).FullName;
        System.IO.Directory.CreateDirectory(Path.Combine(directory, "sock"));
        var member = new PatroniMember(name, address, FreePort(address), FreePort(address), directory);
        await File.WriteAllTextAsync(member.ConfigPath, Configuration(member));
        await File.WriteAllTextAsync(Path.Combine(directory, "kubeconfig"), Server.CreateKubeconfig(name, "pgha"));
        await CreatePodAsync(member);
        _members.Add(member);
        if (ordinal > 0)
        {
            await ChownAsync(directory);
        }

        return member;
    }

    /// <summary>Starts a member's Patroni (as the postgres user when this process is root).</summary>
    public void Start(PatroniMember member)
    {
        var start = PatroniEnvironment.IsRoot
            ? new ProcessStartInfo(PatroniEnvironment.Setpriv!, ["--reuid=postgres", "--regid=postgres", "--init-groups", "--", PatroniEnvironment.Patroni!, member.ConfigPath])
            : new ProcessStartInfo(PatroniEnvironment.Patroni!, [member.ConfigPath]);
        Prepare(start, member);
        member.Started(Process.Start(start) ?? throw new InvalidOperationException("patroni did not start"));
    }

    /// <summary>Runs <c>patronictl -c &lt;member's config&gt; &lt;arguments&gt;</c> and returns its exit code and output.</summary>
    public async Task<(int ExitCode, string Output)> PatronictlAsync(PatroniMember member, params string[] arguments)
    {
        var start = new ProcessStartInfo(PatroniEnvironment.Patronictl!, ["-c", member.ConfigPath, .. arguments]);
        Prepare(start, member);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("patronictl did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output + await error);
    }

    /// <summary>Every member's Patroni output, for a failing test's message.</summary>
    public string Output() => string.Join(Environment.NewLine, _members.Select(m => m.Output));

    public async ValueTask DisposeAsync()
    {
        try
        {
            foreach (var member in _members)
            {
                member.Kill();
            }

            FixtureProcesses.Kill(_marker);
            foreach (var member in _members)
            {
                member.Dispose();
            }

            await Server.DisposeAsync();
        }
        finally
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
    }

    // Directories of test hosts that died before disposing their clusters (their processes go with FixtureProcesses.KillOrphans).
    private static void RemoveOrphanedDirectories()
    {
        foreach (var directory in System.IO.Directory.EnumerateDirectories(Path.GetTempPath(), DirectoryPrefix + "*"))
        {
            var name = Path.GetFileName(directory).AsSpan(DirectoryPrefix.Length);
            var dash = name.IndexOf('-');
            if (dash > 0 && int.TryParse(name[..dash], CultureInfo.InvariantCulture, out var pid) && !FixtureProcesses.IsAlive(pid))
            {
                System.IO.Directory.Delete(directory, recursive: true);
            }
        }
    }

    private static int FreePort(IPAddress address)
    {
        using var listener = new TcpListener(address, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task ChownAsync(string path)
    {
        if (!PatroniEnvironment.IsRoot)
        {
            return;
        }

        using var chown = Process.Start(new ProcessStartInfo("chown", ["-R", "postgres:postgres", path]) { UseShellExecute = false })!;
        await chown.WaitForExitAsync();
        if (chown.ExitCode != 0)
        {
            throw new InvalidOperationException($"chown -R postgres:postgres {path} failed");
        }
    }

    private void Prepare(ProcessStartInfo start, PatroniMember member)
    {
        start.UseShellExecute = false;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.WorkingDirectory = member.Directory;
        start.Environment["KUBECONFIG"] = Path.Combine(member.Directory, "kubeconfig");
        start.Environment["HOME"] = member.Directory;
        start.Environment["PGPASSFILE"] = Path.Combine(member.Directory, "pgpass");
        start.Environment["LC_ALL"] = "C.UTF-8";
        start.Environment["PYTHONUNBUFFERED"] = "1";
        start.Environment[FixtureProcesses.MarkerVariable] = _marker;
    }

    private async Task CreatePodAsync(PatroniMember member)
    {
        var pod = await Admin.CoreV1.CreateNamespacedPodAsync(new V1Pod
        {
            Metadata = new V1ObjectMeta
            {
                Name = member.Name,
                Labels = new Dictionary<string, string> { ["application"] = "spilo", ["cluster-name"] = Scope, ["team"] = "acid" },
            },
            Spec = new V1PodSpec { Containers = [new V1Container { Name = "postgres", Image = "spilo" }], NodeName = "node-" + member.Name[^1] },
        }, "default");
        pod.Status = new V1PodStatus
        {
            Phase = "Running",
            PodIP = member.Address.ToString(),
            PodIPs = [new V1PodIP { Ip = member.Address.ToString() }],
            Conditions = [new V1PodCondition { Type = "Ready", Status = "True" }],
        };
        await Admin.CoreV1.ReplaceNamespacedPodStatusAsync(pod, member.Name, "default");
    }

    private string Configuration(PatroniMember member) => string.Create(CultureInfo.InvariantCulture, $$"""
        scope: {{Scope}}
        name: {{member.Name}}
        restapi:
          listen: {{member.Address}}:{{member.RestPort}}
          connect_address: {{member.Address}}:{{member.RestPort}}
        kubernetes:
          context: pgha
          namespace: default
          labels:
            application: spilo
          scope_label: cluster-name
          role_label: spilo-role
          use_endpoints: {{(UseEndpoints ? "true" : "false")}}
          pod_ip: {{member.Address}}
          ports:
          - name: postgresql
            port: {{member.PostgresPort}}
        bootstrap:
          dcs:
            ttl: {{Ttl}}
            loop_wait: {{LoopWait}}
            retry_timeout: {{RetryTimeout}}
            maximum_lag_on_failover: 1048576
            postgresql:
              use_pg_rewind: false
              parameters:
                max_connections: 20
                shared_buffers: 16MB
                wal_level: replica
                max_wal_senders: 5
                max_replication_slots: 5
                hot_standby: "on"
          initdb:
          - encoding: UTF8
          - auth: trust
          pg_hba:
          - local all all trust
          - host replication replicator 127.0.0.0/8 trust
          - host all all 127.0.0.0/8 trust
        postgresql:
          listen: {{member.Address}}:{{member.PostgresPort}}
          connect_address: {{member.Address}}:{{member.PostgresPort}}
          data_dir: {{member.DataDirectory}}
          bin_dir: {{PatroniEnvironment.PostgresBin}}
          pgpass: {{Path.Combine(member.Directory, "pgpass")}}
          authentication:
            replication:
              username: replicator
              password: replicator
            superuser:
              username: postgres
              password: postgres
          parameters:
            unix_socket_directories: {{Path.Combine(member.Directory, "sock")}}
        tags:
          nofailover: false
          noloadbalance: false
          clonefrom: false
        """);
}
