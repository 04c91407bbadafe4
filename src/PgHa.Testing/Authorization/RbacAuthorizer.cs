using PgHa.Testing.Resources;
using PgHa.Testing.Storage;

namespace PgHa.Testing.Authorization;

/// <summary>
/// The authorization step of the embedded server in <see cref="AuthorizationMode.Rbac"/>: <c>system:masters</c> may do
/// anything (kube's privileged-group authorizer), authenticated users may read discovery, version, OpenAPI and health
/// (the default <c>system:discovery</c> and <c>system:public-info-viewer</c> bindings), and everything else is decided
/// by the stored RBAC objects. The parsed policy is rebuilt on the first request after any RBAC object changed.
/// </summary>
internal sealed class RbacAuthorizer
{
    private readonly ObjectStore _store;
    private long _changes;
    private Snapshot? _policy;

    public RbacAuthorizer(ObjectStore store)
    {
        _store = store;
        store.AddListener(e =>
        {
            if (e.Object.Type.Group == BuiltInResources.RbacGroup)
            {
                Interlocked.Increment(ref _changes);
            }
        });
    }

    public (bool Allowed, string Reason) Authorize(RequestAttributes request)
    {
        if (request.Principal.InGroup(Principal.Masters))
        {
            return (true, string.Empty);
        }

        if (!request.IsResourceRequest && request.Verb == "get" && IsDiscoveryPath(request.Path) && request.Principal.InGroup(Principal.Authenticated))
        {
            return (true, string.Empty);
        }

        // system:basic-user: every authenticated user may ask what it may do.
        if (request.IsResourceRequest && request.Verb == "create" && request.Group == AccessReviews.Group && request.Resource == AccessReviews.Resource &&
            request.Principal.InGroup(Principal.Authenticated))
        {
            return (true, string.Empty);
        }

        return Current().Authorize(request);
    }

    private RbacPolicy Current()
    {
        // Read the counter before loading: a change during the load leaves the snapshot older than the counter, so the next request loads again.
        var changes = Interlocked.Read(ref _changes);
        var cached = Volatile.Read(ref _policy);
        if (cached is not null && cached.Changes == changes)
        {
            return cached.Policy;
        }

        var policy = RbacPolicy.Load(_store);
        Volatile.Write(ref _policy, new Snapshot(changes, policy));
        return policy;
    }

    private sealed record Snapshot(long Changes, RbacPolicy Policy);

    // system:discovery and system:public-info-viewer's nonResourceURLs.
    private static bool IsDiscoveryPath(string path) =>
        path is "/api" or "/api/" or "/apis" or "/apis/" or "/version" or "/version/" or "/openapi" or "/healthz" or "/livez" or "/readyz" ||
        path.StartsWith("/api/", StringComparison.Ordinal) || path.StartsWith("/apis/", StringComparison.Ordinal) ||
        path.StartsWith("/openapi/", StringComparison.Ordinal) || path.StartsWith("/healthz/", StringComparison.Ordinal) ||
        path.StartsWith("/livez/", StringComparison.Ordinal) || path.StartsWith("/readyz/", StringComparison.Ordinal);
}
