using System.Text.Json.Nodes;
using PgHa.Testing.Json;
using PgHa.Testing.Storage;
using PgHa.Testing.Validation;

namespace PgHa.Testing.Api.Strategies;

/// <summary>
/// Namespaces: DNS-1123 label names, the <c>kubernetes</c> finalizer and <c>Active</c> phase on create, and the
/// <c>kubernetes.io/metadata.name</c> label kube keeps equal to the name. Deletion is a phase change to
/// <c>Terminating</c> that the namespace controller completes once the namespace is empty.
/// </summary>
internal sealed class NamespaceStrategy : ResourceStrategy
{
    public const string NameLabel = "kubernetes.io/metadata.name";

    public override NameRule NameRule => NameRule.Dns1123Label;

    public override void PrepareForCreate(JsonObject obj, StrategyContext context)
    {
        var spec = obj.GetOrAddObject("spec");
        if (spec.Array("finalizers") is not { Count: > 0 })
        {
            spec["finalizers"] = new JsonArray("kubernetes");
        }

        obj["status"] = new JsonObject { ["phase"] = "Active" };
        SetNameLabel(obj);
    }

    public override void PrepareForUpdate(JsonObject obj, StoredObject old, StrategyContext context)
    {
        // spec.finalizers change only through /finalize, as in kube.
        var oldFinalizers = old.Object.Object("spec")?["finalizers"];
        var spec = obj.GetOrAddObject("spec");
        if (oldFinalizers is null)
        {
            spec.Remove("finalizers");
        }
        else
        {
            spec["finalizers"] = oldFinalizers.DeepClone();
        }

        SetNameLabel(obj);
    }

    private static void SetNameLabel(JsonObject obj)
    {
        var metadata = obj.Metadata();
        if (metadata.String("name") is { Length: > 0 } name)
        {
            metadata.GetOrAddObject("labels")[NameLabel] = name;
        }
    }
}
