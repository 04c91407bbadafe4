using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using k8s;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PgHa.Testing.Api;
using PgHa.Testing.Authorization;
using PgHa.Testing.Controllers;
using PgHa.Testing.Diagnostics;
using PgHa.Testing.Faults;
using PgHa.Testing.Hosting;
using PgHa.Testing.Http;
using PgHa.Testing.Resources;
using PgHa.Testing.Storage;
using PgHa.Testing.Tls;

namespace PgHa.Testing;

/// <summary>
/// An in-process Kubernetes API server on a loopback port, faithful enough that KubernetesClient,
/// kubectl and Patroni work against it unchanged: namespaces, Services, Endpoints, Pods, ConfigMaps,
/// Events, EndpointSlices, Leases, CustomResourceDefinitions and the custom resources they define, with
/// kube-apiserver's verbs, watch semantics, errors, discovery and OpenAPI, plus the EndpointSlice,
/// EndpointSlice mirroring, namespace and garbage-collection controllers. Fault injection and a request
/// log are built in.
/// </summary>
/// <example>
/// <code>
/// await using var server = await KubeApiServer.StartAsync();
/// var services = await server.Client.CoreV1.ListNamespacedServiceAsync("default");
/// </code>
/// </example>
public sealed class KubeApiServer : IAsyncDisposable
{
    private const string AdminClient = "admin";

    private readonly WebApplication _app;
    private readonly ObjectStore _store;
    private readonly ControllerManager _controllers;
    private readonly CertificateAuthority? _certificates;
    private readonly ConcurrentDictionary<string, Principal> _tokens;
    private readonly ConcurrentDictionary<string, string> _tokenByPrincipal = new(StringComparer.Ordinal);
    private readonly Lazy<IKubernetes> _client;
    private int _disposed;

    private KubeApiServer(WebApplication app, ObjectStore store, ControllerManager controllers, CertificateAuthority? certificates, ConcurrentDictionary<string, Principal> tokens,
        Uri baseAddress, FaultInjector faults, RequestLog requestLog)
    {
        _app = app;
        _store = store;
        _controllers = controllers;
        _certificates = certificates;
        _tokens = tokens;
        BaseAddress = baseAddress;
        Faults = faults;
        RequestLog = requestLog;
        _client = new Lazy<IKubernetes>(() => CreateClient(AdminClient));
    }

    /// <summary>The server's address, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri BaseAddress { get; }

    /// <summary>A client with the identity <c>admin</c>, created on first use and disposed with the server.</summary>
    public IKubernetes Client => _client.Value;

    /// <summary>Fault injection: latency, errors, partitions, watch closing and expiry.</summary>
    public FaultInjector Faults { get; }

    /// <summary>Every request answered, with counts by client, verb and resource.</summary>
    public RequestLog RequestLog { get; }

    /// <summary>The store, for in-process benchmarks and tests that need commit-side timing.</summary>
    internal ObjectStore Store => _store;

    /// <summary>The PEM of the CA that signed the serving certificate, or null when serving plain HTTP.</summary>
    public string? CertificateAuthorityPem => _certificates?.AuthorityPem;

    /// <summary>Starts a server.</summary>
    /// <param name="options">Settings; null for the defaults.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>The running server; dispose it to stop it.</returns>
    /// <exception cref="ArgumentException">The options are invalid (the message names each bad setting).</exception>
    public static async Task<KubeApiServer> StartAsync(KubeApiServerOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new KubeApiServerOptions();
        options.Validate();
        var loggers = options.LoggerFactory ?? NullLoggerFactory.Instance;
        var store = new ObjectStore(options.WatchHistoryLength, options.WatchQueueLength);
        var registry = new ResourceRegistry(BuiltInResources.All);
        var api = new ApiOperations(store, options.TimeProvider, options.Seed, options.RejectSpecialEndpointAddresses, options.EnableGarbageCollector);
        var faults = new FaultInjector(options.Seed, store);
        var requestLog = new RequestLog(options.RequestLogCapacity);
        var tokens = new ConcurrentDictionary<string, Principal>(StringComparer.Ordinal);
        var certificates = options.UseTls ? CertificateAuthority.Create(options.Address, options.TimeProvider) : null;
        foreach (var ns in new[] { "default", "kube-system", "kube-public", "kube-node-lease" })
        {
            api.Create(BuiltInResources.Namespaces, null, new JsonObject { ["metadata"] = new JsonObject { ["name"] = ns } }, WriteOptions.Default);
        }

        var controllers = new ControllerManager(api, registry, options, loggers);
        string serverAddress = string.Empty;
        var resources = new ResourceEndpoints(api, registry, options) { Faults = faults };
        var nonResource = new NonResourceEndpoints(new DiscoveryDocuments(registry, options.KubernetesVersion), new OpenApiEndpoints(registry), () => serverAddress);
        var authorizer = options.Authorization == AuthorizationMode.Rbac ? new RbacAuthorizer(store) : null;
        var handler = new ApiHandler(resources, nonResource, faults, requestLog, tokens, options.TimeProvider, options.RequireAuthentication, authorizer,
            loggers.CreateLogger("PgHa.Testing.KubeApiServer"));

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<IHostLifetime, EmbeddedHostLifetime>();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = RequestBodies.MaxBytes + 1;
            kestrel.Listen(options.Address, options.Port, listen =>
            {
                if (certificates is not null)
                {
                    listen.Protocols = HttpProtocols.Http1AndHttp2;
                    listen.UseHttps(certificates.Serving);
                }
                else
                {
                    listen.Protocols = HttpProtocols.Http1;
                }
            });
        });
        var app = builder.Build();
        app.Run(handler.HandleAsync);
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            certificates?.Dispose();
            throw;
        }

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var baseAddress = new Uri(address.Replace("[::]", "[::1]", StringComparison.Ordinal) + "/");
        serverAddress = baseAddress.Authority;
        controllers.Start();
        return new KubeApiServer(app, store, controllers, certificates, tokens, baseAddress, faults, requestLog);
    }

    /// <summary>
    /// A client that identifies itself as <paramref name="clientName"/> (in the request log and to fault
    /// rules) through its own bearer token. The caller disposes it.
    /// </summary>
    /// <remarks>
    /// Under <see cref="AuthorizationMode.Rbac"/> the client is the user <paramref name="clientName"/> in the group
    /// <c>system:authenticated</c> (and may do only what bindings to that user or group grant), except <c>admin</c>,
    /// which is in <c>system:masters</c> and may do anything.
    /// </remarks>
    /// <param name="clientName">The identity, e.g. <c>agent-0</c>.</param>
    public IKubernetes CreateClient(string clientName) => new Kubernetes(CreateClientConfiguration(clientName));

    /// <summary>The KubernetesClient configuration behind <see cref="CreateClient"/>, for callers that build their own client.</summary>
    /// <param name="clientName">The identity the client's token maps to.</param>
    public KubernetesClientConfiguration CreateClientConfiguration(string clientName) => Configuration(PrincipalFor(clientName));

    /// <summary>
    /// A client authenticated as the service account <paramref name="name"/> of <paramref name="namespace"/>: the user
    /// <c>system:serviceaccount:&lt;namespace&gt;:&lt;name&gt;</c> in the groups <c>system:serviceaccounts</c>,
    /// <c>system:serviceaccounts:&lt;namespace&gt;</c> and <c>system:authenticated</c>, as a Pod running under that
    /// account would be. The ServiceAccount object need not exist. The caller disposes the client.
    /// </summary>
    /// <param name="namespace">The service account's namespace.</param>
    /// <param name="name">The service account's name.</param>
    /// <param name="clientName">The name the request log and fault rules know this client by (several clients may share
    /// one account, as the Pods of a StatefulSet do); null for the account's user name.</param>
    public IKubernetes CreateServiceAccountClient(string @namespace, string name, string? clientName = null) =>
        new Kubernetes(CreateServiceAccountClientConfiguration(@namespace, name, clientName));

    /// <summary>The KubernetesClient configuration behind <see cref="CreateServiceAccountClient"/>.</summary>
    /// <param name="namespace">The service account's namespace.</param>
    /// <param name="name">The service account's name.</param>
    /// <param name="clientName">The client's name in the request log; null for the account's user name.</param>
    public KubernetesClientConfiguration CreateServiceAccountClientConfiguration(string @namespace, string name, string? clientName = null) =>
        Configuration(ServiceAccountPrincipal(@namespace, name, clientName));

    /// <summary>A kubeconfig (for kubectl or Patroni) whose user is the service account <paramref name="name"/> of <paramref name="namespace"/>.</summary>
    /// <param name="namespace">The service account's namespace (also the context's default namespace).</param>
    /// <param name="name">The service account's name.</param>
    /// <param name="contextName">Name of the cluster, user entry and context.</param>
    /// <param name="clientName">The client's name in the request log; null for the account's user name.</param>
    public string CreateServiceAccountKubeconfig(string @namespace, string name, string contextName = "pgha", string? clientName = null)
    {
        var principal = ServiceAccountPrincipal(@namespace, name, clientName);
        return KubeconfigWriter.Render(BaseAddress, _certificates?.AuthorityPem, contextName, principal.Client, TokenFor(principal), @namespace);
    }

    private KubernetesClientConfiguration Configuration(Principal principal)
    {
        var configuration = new KubernetesClientConfiguration
        {
            Host = BaseAddress.GetLeftPart(UriPartial.Authority),
            AccessToken = TokenFor(principal),
            UserAgent = "pgha-testing/" + principal.Client,
            Namespace = "default",
        };
        if (_certificates is not null)
        {
            configuration.SslCaCerts = [X509CertificateLoader.LoadCertificate(_certificates.Authority.RawData)];
        }

        return configuration;
    }

    /// <summary>A kubeconfig for this server (for kubectl, Patroni, or any client), with a token naming <paramref name="clientName"/>.</summary>
    /// <param name="clientName">The identity of the kubeconfig's user.</param>
    /// <param name="contextName">Name of the cluster, user entry and context (Patroni's <c>kubernetes.context</c> must name it).</param>
    /// <param name="namespace">The context's default namespace.</param>
    public string CreateKubeconfig(string clientName = AdminClient, string contextName = "pgha", string @namespace = "default") =>
        KubeconfigWriter.Render(BaseAddress, _certificates?.AuthorityPem, contextName, clientName, TokenFor(PrincipalFor(clientName)), @namespace);

    /// <summary>Writes <see cref="CreateKubeconfig"/> to a file (readable by the owner only, as it holds a token).</summary>
    /// <param name="path">The file to write.</param>
    /// <param name="clientName">The identity of the kubeconfig's user.</param>
    /// <param name="contextName">Name of the context.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    public async Task WriteKubeconfigAsync(string path, string clientName = AdminClient, string contextName = "pgha", CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        await File.WriteAllTextAsync(path, CreateKubeconfig(clientName, contextName), cancellationToken).ConfigureAwait(false);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }

    /// <summary>Completes when the built-in controllers have no queued or running work (they react to every change asynchronously, as in a cluster).</summary>
    /// <param name="cancellationToken">Gives up waiting.</param>
    public Task WaitForControllersAsync(CancellationToken cancellationToken = default) => _controllers.Activity.WhenIdleAsync(cancellationToken);

    /// <summary>Stops the server: open watches end, connections close, controllers stop.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        if (_client.IsValueCreated)
        {
            _client.Value.Dispose();
        }

        await _controllers.DisposeAsync().ConfigureAwait(false);

        // Open watches would otherwise hold the shutdown until Kestrel's timeout.
        _store.CloseWatches(_ => true, null);
        using (var stop = new CancellationTokenSource(TimeSpan.FromSeconds(5)))
        {
            await _app.StopAsync(stop.Token).ConfigureAwait(false);
        }

        await _app.DisposeAsync().ConfigureAwait(false);
        _certificates?.Dispose();
    }

    private static Principal PrincipalFor(string clientName)
    {
        ArgumentException.ThrowIfNullOrEmpty(clientName);
        return clientName == AdminClient ? Principal.Admin(clientName) : Principal.PlainUser(clientName);
    }

    private static Principal ServiceAccountPrincipal(string @namespace, string name, string? clientName)
    {
        ArgumentException.ThrowIfNullOrEmpty(@namespace);
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (clientName is not null)
        {
            ArgumentException.ThrowIfNullOrEmpty(clientName);
        }

        return Principal.ServiceAccount(@namespace, name, clientName);
    }

    // One token per identity (client name, user and groups), issued on first use.
    private string TokenFor(Principal principal) =>
        _tokenByPrincipal.GetOrAdd(principal.Key, _ =>
        {
            var token = "pgha-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
            _tokens[token] = principal;
            return token;
        });
}
