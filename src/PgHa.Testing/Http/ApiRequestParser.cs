namespace PgHa.Testing.Http;

/// <summary>Decodes resource URLs. Pure; unknown shapes give null (the caller answers 404).</summary>
internal static class ApiRequestParser
{
    public static ApiRequest? Parse(string path)
    {
        var parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        int index;
        string group;
        string version;
        if (parts.Length >= 2 && parts[0] == "api")
        {
            group = string.Empty;
            version = parts[1];
            index = 2;
        }
        else if (parts.Length >= 3 && parts[0] == "apis")
        {
            group = parts[1];
            version = parts[2];
            index = 3;
        }
        else
        {
            return null;
        }

        var legacyWatch = false;
        if (index < parts.Length && parts[index] == "watch")
        {
            legacyWatch = true;
            index++;
        }

        var rest = parts.AsSpan(index);
        if (rest.Length == 0)
        {
            return null;
        }

        string? ns = null;
        if (rest[0] == "namespaces" && rest.Length > 2 && rest[2] != "status" && rest[2] != "finalize")
        {
            // /namespaces/{ns}/{resource}/... : a namespaced resource. /namespaces/{name}/status is the
            // namespace's own subresource, which kube tells apart by this fixed list.
            ns = rest[1];
            rest = rest[2..];
        }

        return rest.Length switch
        {
            1 => new ApiRequest(group, version, rest[0], ns, null, null, legacyWatch),
            2 => new ApiRequest(group, version, rest[0], ns, rest[1], null, legacyWatch),
            3 => new ApiRequest(group, version, rest[0], ns, rest[1], rest[2], legacyWatch),
            _ => null,
        };
    }
}
