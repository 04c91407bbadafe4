using System.Text;

namespace PgHa.Testing.Hosting;

/// <summary>
/// Writes a kubeconfig for one server: one cluster, one user with a bearer token (Patroni 3.0.2 crashes
/// on basic auth, and the token also names the client in the request log) and one context.
/// </summary>
internal static class KubeconfigWriter
{
    public static string Render(Uri server, string? certificateAuthorityPem, string context, string user, string token, string @namespace)
    {
        var text = new StringBuilder();
        text.Append("apiVersion: v1\n");
        text.Append("kind: Config\n");
        text.Append("clusters:\n");
        text.Append("- name: ").Append(Quote(context)).Append('\n');
        text.Append("  cluster:\n");
        text.Append("    server: ").Append(Quote(server.GetLeftPart(UriPartial.Authority))).Append('\n');
        if (certificateAuthorityPem is not null)
        {
            text.Append("    certificate-authority-data: ").Append(Convert.ToBase64String(Encoding.ASCII.GetBytes(certificateAuthorityPem))).Append('\n');
        }

        text.Append("users:\n");
        text.Append("- name: ").Append(Quote(user)).Append('\n');
        text.Append("  user:\n");
        text.Append("    token: ").Append(Quote(token)).Append('\n');
        text.Append("contexts:\n");
        text.Append("- name: ").Append(Quote(context)).Append('\n');
        text.Append("  context:\n");
        text.Append("    cluster: ").Append(Quote(context)).Append('\n');
        text.Append("    user: ").Append(Quote(user)).Append('\n');
        text.Append("    namespace: ").Append(Quote(@namespace)).Append('\n');
        text.Append("current-context: ").Append(Quote(context)).Append('\n');
        text.Append("preferences: {}\n");
        return text.ToString();
    }

    // Double-quoted YAML scalars with JSON escaping are valid YAML for any string.
    private static string Quote(string value) => System.Text.Json.JsonSerializer.Serialize(value);
}
