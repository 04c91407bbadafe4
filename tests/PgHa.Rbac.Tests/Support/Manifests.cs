using k8s;
using k8s.Models;

namespace PgHa.Rbac.Tests.Support;

/// <summary>
/// The manifests under deploy/, as shipped, rendered for a cluster (every <c>acid-minimal-cluster</c> replaced by its
/// name, as deploy/README.md says) and parsed with KubernetesClient's own YAML reader.
/// </summary>
internal static class Manifests
{
    public const string TemplateCluster = "acid-minimal-cluster";
    public const string OperatorAccount = "pgha-operator";

    public static IList<object> Operator() => Load("rbac-operator.yaml", TemplateCluster);

    public static IList<object> Agent(string cluster) => Load("rbac-agent.yaml", cluster);

    public static string AgentAccount(string cluster) => cluster + "-agent";

    public static V1Role Role(IList<object> manifest) => manifest.OfType<V1Role>().Single();

    /// <summary>Creates each object (ServiceAccounts, Roles, RoleBindings) in <paramref name="namespace"/> as the admin.</summary>
    public static async Task ApplyAsync(IKubernetes admin, IEnumerable<object> manifest, string @namespace, CancellationToken cancellationToken)
    {
        foreach (var item in manifest)
        {
            switch (item)
            {
                case V1ServiceAccount account:
                    await admin.CoreV1.CreateNamespacedServiceAccountAsync(account, @namespace, cancellationToken: cancellationToken);
                    break;
                case V1Role role:
                    await admin.RbacAuthorizationV1.CreateNamespacedRoleAsync(role, @namespace, cancellationToken: cancellationToken);
                    break;
                case V1RoleBinding binding:
                    await admin.RbacAuthorizationV1.CreateNamespacedRoleBindingAsync(binding, @namespace, cancellationToken: cancellationToken);
                    break;
                default:
                    throw new InvalidOperationException($"unexpected object {item.GetType().Name} in a manifest");
            }
        }
    }

    private static List<object> Load(string file, string cluster)
    {
        var text = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "deploy", file)).Replace(TemplateCluster, cluster, StringComparison.Ordinal);
        return KubernetesYaml.LoadAllFromString(text);
    }
}
