using System.Runtime.InteropServices;
using k8s;
using Microsoft.Extensions.Logging;
using PgHa.Agent;
using PgHa.Agent.Hosting;
using PgHa.Samples;

// PgHa.Agent: one per database member, configured like Spilo (see AgentSettings.Usage).
if (args.Contains("--help") || args.Contains("-h"))
{
    Console.WriteLine(AgentSettings.Usage);
    return 0;
}

var settings = AgentSettings.Read(args, Environment.GetEnvironmentVariable);
if (settings.Errors.Count > 0)
{
    Console.Error.WriteLine("PgHa.Agent: invalid configuration:");
    settings.Errors.ForEach(e => Console.Error.WriteLine("  - " + e));
    Console.Error.WriteLine();
    Console.Error.WriteLine(AgentSettings.Usage);
    return 2;
}

using var loggerFactory = new StderrLoggerFactory(LogLevel.Information);
var logger = loggerFactory.CreateLogger("PgHa.Agent");
var config = KubernetesClientConfiguration.IsInCluster()
    ? KubernetesClientConfiguration.InClusterConfig()
    : KubernetesClientConfiguration.BuildConfigFromConfigFile(Environment.GetEnvironmentVariable("KUBECONFIG"));
using var client = new Kubernetes(config);

// SIGTERM (a Pod being deleted) and Ctrl-C stop gracefully: a leader stops PostgreSQL, then releases the lock.
using var stop = new CancellationTokenSource();
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
{
    context.Cancel = true;
    stop.Cancel();
});
using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, context =>
{
    context.Cancel = true;
    stop.Cancel();
});

await using var instance = PostgresInstanceFactory.Create(settings, loggerFactory, out var description);
await using var agent = new PostgresAgent(client, settings.Options, instance, loggerFactory);
#pragma warning disable CA1848, CA1873 // Start-up lines, once.
logger.LogInformation("{Member} of {Cluster}: {Description}; standbys follow {Host}:{Port}", settings.Options.PodName, settings.Options.ClusterName, description, settings.Options.Primary!.Host, settings.Options.Primary.Port);
#pragma warning restore CA1848, CA1873
await agent.RunAsync(stop.Token);
return 0;
