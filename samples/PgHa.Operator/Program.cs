using k8s;
using PgHa.Election;
using PgHa.Operator;
using PgHa.Samples;
using PgHa.Routing;

// PgHa.Operator [--namespace ns] [--lock configmap|endpoints|lease] [--mode endpointslice|endpoints] [--install-crd]
var options = new OperatorOptions();
var installCrd = false;
for (var i = 0; i < args.Length; i++)
{
    string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
    try
    {
        switch (args[i])
        {
            case "--namespace" or "-n":
                options.Namespace = Value();
                break;
            case "--lock":
                options.LockKind = Value().ToLowerInvariant() switch
                {
                    "configmap" => LockKind.ConfigMap,
                    "endpoints" => LockKind.Endpoints,
                    "lease" => LockKind.Lease,
                    var other => throw new ArgumentException($"--lock {other}: expected configmap, endpoints or lease"),
                };
                break;
            case "--mode":
                options.RoutingMode = Value().ToLowerInvariant() switch
                {
                    "endpointslice" => RoutingMode.EndpointSlice,
                    "endpoints" => RoutingMode.Endpoints,
                    var other => throw new ArgumentException($"--mode {other}: expected endpointslice or endpoints"),
                };
                break;
            case "--install-crd":
                installCrd = true;
                break;
            case "--help" or "-h":
                return Usage(null);
            default:
                return Usage($"unknown argument {args[i]}");
        }
    }
    catch (ArgumentException e)
    {
        return Usage(e.Message);
    }
}

if (options.Validate() is { Count: > 0 } problems)
{
    return Usage(string.Join(" ", problems));
}

var config = KubernetesClientConfiguration.IsInCluster()
    ? KubernetesClientConfiguration.InClusterConfig()
    : KubernetesClientConfiguration.BuildConfigFromConfigFile(Environment.GetEnvironmentVariable("KUBECONFIG"));
using var client = new Kubernetes(config);
using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};
using var sigterm = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, c =>
{
    c.Cancel = true;
    stop.Cancel();
});

using var loggers = new StderrLoggerFactory();
try
{
    if (installCrd)
    {
        await PostgresqlCrd.InstallAsync(client, stop.Token);
        Console.Error.WriteLine("PgHa.Operator: CRD postgresqls.acid.zalan.do installed");
    }

    await using var op = new PostgresOperator(client, options, loggers);
    await op.RunAsync(stop.Token);
    return 0;
}
catch (OperationCanceledException) when (stop.IsCancellationRequested)
{
    return 0;
}

static int Usage(string? error)
{
    if (error is not null)
    {
        Console.Error.WriteLine("PgHa.Operator: " + error);
    }

    Console.Error.WriteLine("usage: PgHa.Operator [--namespace ns] [--lock configmap|endpoints|lease] [--mode endpointslice|endpoints] [--install-crd]");
    return error is null ? 0 : 2;
}
