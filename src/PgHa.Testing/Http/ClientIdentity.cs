using Microsoft.AspNetCore.Http;

namespace PgHa.Testing.Http;

/// <summary>Who sent a request: the user its bearer token names, else its User-Agent, else anonymous.</summary>
internal readonly record struct ClientIdentity(string Name, bool Authenticated)
{
    public static ClientIdentity Resolve(HttpRequest request, IReadOnlyDictionary<string, string> tokens)
    {
        var authorization = request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            var token = authorization["Bearer ".Length..].Trim();
            if (tokens.TryGetValue(token, out var user))
            {
                return new ClientIdentity(user, true);
            }
        }

        var agent = request.Headers.UserAgent.ToString();
        return new ClientIdentity(agent.Length > 0 ? agent : "anonymous", false);
    }
}
