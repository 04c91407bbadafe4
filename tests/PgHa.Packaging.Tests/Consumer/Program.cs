// A program an operator author could write after `dotnet add package`: it starts the embedded API server from
// PgHa.Testing, wins an election with PgHa.Election, routes the master Service to itself with PgHa.Routing, and reads
// the EndpointSlice back through the API. Public API only. Exit code 0 and the last line are what ConsumerTests checks.
using System.Net;
using k8s;
using PgHa.Election;
using PgHa.Election.Stores;
using PgHa.Routing;
using PgHa.Routing.Routers;
using PgHa.Testing;

const string Cluster = "consumer-cluster";
const string Member = "consumer-cluster-0";
var address = IPAddress.Parse("10.9.8.7");

using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
var ct = deadline.Token;

await using var server = await KubeApiServer.StartAsync(cancellationToken: ct);
using var kubernetes = server.CreateClient(Member);

var electionOptions = new LeaderElectorOptions { Scope = Cluster, Identity = Member, LockKind = LockKind.ConfigMap };
await using var elector = new LeaderElector(electionOptions, LockStores.Create(kubernetes, electionOptions));
var leading = new TaskCompletionSource<LeadershipTerm>(TaskCreationOptions.RunContinuationsAsynchronously);
elector.LeadershipStarted += (_, e) => leading.TrySetResult(e.Term);
using var stopElection = CancellationTokenSource.CreateLinkedTokenSource(ct);
var election = elector.RunAsync(stopElection.Token);
var term = await leading.Task.WaitAsync(ct);

var routerOptions = new PrimaryRouterOptions { ClusterName = Cluster };
await new ServiceProvisioner(kubernetes, routerOptions).EnsureServicesAsync(ct);
using var router = new PrimaryRouter(kubernetes, routerOptions);
var result = await router.RouteAsync(new PrimaryTarget(Member, "default", address), new RouteTerm(term.Holder, term.Transitions), ct);
if (result.Outcome != RouteOutcome.Applied)
{
    Console.Error.WriteLine($"route: {result}");
    return 2;
}

var slices = await kubernetes.DiscoveryV1.ListNamespacedEndpointSliceAsync(
    "default", labelSelector: $"kubernetes.io/service-name={Cluster}", cancellationToken: ct);
var routed = slices.Items.SelectMany(s => s.Endpoints ?? []).SelectMany(e => e.Addresses).ToList();
if (routed is not [var only] || only != address.ToString())
{
    Console.Error.WriteLine($"the EndpointSlices of {Cluster} hold [{string.Join(", ", routed)}], not {address}");
    return 3;
}

await elector.ReleaseAsync(ct);
await stopElection.CancelAsync();
await election;

Console.WriteLine($"pgha-consumer: {term.Holder} leads {Cluster} in term {term.Transitions}; the master Service routes to {only}");
return 0;
