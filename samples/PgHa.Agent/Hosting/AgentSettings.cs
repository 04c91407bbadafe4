using System.Globalization;
using PgHa.Agent.Postgres;
using PgHa.Election;

namespace PgHa.Agent.Hosting;

/// <summary>
/// The executable's configuration, read as Spilo reads its own: environment variables (<c>POD_NAME</c>,
/// <c>POD_NAMESPACE</c>, <c>POD_IP</c>, <c>SCOPE</c>, <c>PGHA_PRIMARY_HOST</c>/<c>PGHA_PRIMARY_PORT</c>,
/// <c>PGDATA</c>, <c>PGPORT</c>, ...) with command-line flags (<c>--pod-name</c>, ...) taking precedence.
/// </summary>
internal sealed class AgentSettings
{
    public AgentOptions Options { get; } = new();

    /// <summary>The address PostgreSQL listens on: the Pod IP.</summary>
    public string Host { get; private set; } = "";

    public int Port { get; private set; } = 5432;

    /// <summary>The member's directory (data in <c>data/</c>, sockets in <c>run/</c>).</summary>
    public string Directory { get; private set; } = "/home/postgres/pgdata";

    /// <summary>Run a simulated PostgreSQL instead of real processes (machines without PostgreSQL).</summary>
    public bool Simulated { get; private set; }

    public List<string> Errors { get; } = [];

    public const string Usage = """
        PgHa.Agent: one per database member; runs the leader election and manages this member's PostgreSQL.
          --scope NAME                cluster name (env SCOPE)
          --pod-name NAME             this Pod's name (env POD_NAME)
          --namespace NS              (env POD_NAMESPACE, default 'default')
          --pod-ip IP                 address PostgreSQL listens on (env POD_IP)
          --port N                    PostgreSQL's port (env PGPORT, default 5432)
          --data-dir DIR              member directory (env PGDATA, default /home/postgres/pgdata)
          --primary-host HOST         the master Service (env PGHA_PRIMARY_HOST, default <scope>.<namespace>.svc)
          --primary-port N            (env PGHA_PRIMARY_PORT, default 5432)
          --lock-kind KIND            ConfigMap | Endpoints | Lease (env PGHA_LOCK_KIND, default ConfigMap)
          --ttl S --loop-wait S --retry-timeout S   Patroni's timings in seconds (30, 10, 10)
          --synchronous-mode BOOL     (env PGHA_SYNCHRONOUS_MODE, default true)
          --postmaster-failure POLICY RestartFirst | ReleaseLock (env PGHA_POSTMASTER_FAILURE)
          --report-readiness          set the Pod's Ready condition (env PGHA_REPORT_READINESS)
          --simulated                 run a simulated PostgreSQL (env PGHA_SIMULATED)
        Kubernetes: in-cluster configuration, else the kubeconfig in KUBECONFIG (or ~/.kube/config).
        """;

    public static AgentSettings Read(IReadOnlyList<string> args, Func<string, string?> environment)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        void FromEnv(string key, string variable)
        {
            if (environment(variable) is { Length: > 0 } value)
            {
                values[key] = value;
            }
        }

        FromEnv("scope", "SCOPE");
        FromEnv("pod-name", "POD_NAME");
        FromEnv("namespace", "POD_NAMESPACE");
        FromEnv("pod-ip", "POD_IP");
        FromEnv("port", "PGPORT");
        FromEnv("data-dir", "PGDATA");
        FromEnv("primary-host", "PGHA_PRIMARY_HOST");
        FromEnv("primary-port", "PGHA_PRIMARY_PORT");
        FromEnv("lock-kind", "PGHA_LOCK_KIND");
        FromEnv("synchronous-mode", "PGHA_SYNCHRONOUS_MODE");
        FromEnv("postmaster-failure", "PGHA_POSTMASTER_FAILURE");
        FromEnv("report-readiness", "PGHA_REPORT_READINESS");
        FromEnv("simulated", "PGHA_SIMULATED");

        var settings = new AgentSettings();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal))
            {
                settings.Errors.Add($"unexpected argument '{arg}'");
                continue;
            }

            var key = arg[2..];
            if (key is "report-readiness" or "simulated")
            {
                values[key] = "true";
            }
            else if (i + 1 < args.Count)
            {
                values[key] = args[++i];
            }
            else
            {
                settings.Errors.Add($"{arg} needs a value");
            }
        }

        settings.Apply(values);
        return settings;
    }

    private void Apply(Dictionary<string, string> values)
    {
        var o = Options;
        foreach (var (key, value) in values)
        {
            switch (key)
            {
                case "scope": o.ClusterName = value; break;
                case "pod-name": o.PodName = value; break;
                case "namespace": o.Namespace = value; break;
                case "pod-ip": Host = value; break;
                case "port": Port = Int(key, value, Port); break;
                case "data-dir": Directory = value; break;
                case "primary-host": case "primary-port": break;
                case "lock-kind": o.LockKind = Enum<LockKind>(key, value, o.LockKind); break;
                case "ttl": o.Ttl = TimeSpan.FromSeconds(Int(key, value, 30)); break;
                case "loop-wait": o.LoopWait = TimeSpan.FromSeconds(Int(key, value, 10)); break;
                case "retry-timeout": o.RetryTimeout = TimeSpan.FromSeconds(Int(key, value, 10)); break;
                case "synchronous-mode": o.SynchronousMode = Bool(key, value); break;
                case "postmaster-failure": o.PostmasterFailurePolicy = Enum<PostmasterFailurePolicy>(key, value, o.PostmasterFailurePolicy); break;
                case "report-readiness": o.ReportReadiness = Bool(key, value); break;
                case "simulated": Simulated = Bool(key, value); break;
                default: Errors.Add($"unknown option --{key}"); break;
            }
        }

        var primaryHost = values.GetValueOrDefault("primary-host") ?? $"{o.ClusterName}.{o.Namespace}.svc";
        var primaryPort = values.TryGetValue("primary-port", out var port) ? Int("primary-port", port, 5432) : 5432;
        o.Primary = new PrimaryAddress(primaryHost, primaryPort);
        if (string.IsNullOrEmpty(Host))
        {
            Errors.Add("--pod-ip (env POD_IP) is required: the address PostgreSQL listens on");
        }

        Errors.AddRange(o.Validate());
    }

    private int Int(string key, string value, int fallback)
    {
        if (int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) && parsed > 0)
        {
            return parsed;
        }

        Errors.Add($"--{key} must be a positive whole number; it was '{value}'");
        return fallback;
    }

    private bool Bool(string key, string value)
    {
        if (bool.TryParse(value, out var parsed))
        {
            return parsed;
        }

        Errors.Add($"--{key} must be true or false; it was '{value}'");
        return false;
    }

    private T Enum<T>(string key, string value, T fallback)
        where T : struct, System.Enum
    {
        if (System.Enum.TryParse<T>(value, ignoreCase: true, out var parsed) && System.Enum.IsDefined(parsed))
        {
            return parsed;
        }

        Errors.Add($"--{key} must be one of {string.Join(", ", System.Enum.GetNames<T>())}; it was '{value}'");
        return fallback;
    }
}
