namespace PgHa.Testing.Http;

/// <summary>What a request is, for logging, fault rules and dispatch: its verb, resource and, for resource paths, the decoded URL.</summary>
internal sealed record RequestCall(string Verb, ApiRequest? Request, string Path, bool IsHealthCheck = false)
{
    public string? Resource => Request?.GroupResource;

    public string? Namespace => Request?.Namespace;

    public string? Name => Request?.Name;
}
