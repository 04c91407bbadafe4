using Microsoft.AspNetCore.Http;
using PgHa.Testing.Authorization;

namespace PgHa.Testing.Http;

/// <summary>Who sent a request: the client its bearer token names (with the user and groups it stands for), else its User-Agent, else anonymous.</summary>
internal readonly record struct ClientIdentity(string Name, Principal? Principal)
{
    public bool Authenticated => Principal is not null;

    public static ClientIdentity Resolve(HttpRequest request, IReadOnlyDictionary<string, Principal> tokens)
    {
        var authorization = request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            var token = authorization["Bearer ".Length..].Trim();
            if (tokens.TryGetValue(token, out var principal))
            {
                return new ClientIdentity(principal.Client, principal);
            }
        }

        var agent = request.Headers.UserAgent.ToString();
        return new ClientIdentity(agent.Length > 0 ? agent : "anonymous", null);
    }
}
