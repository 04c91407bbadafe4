using System.Text.Json.Nodes;
using PgHa.Testing.Json;
using PgHa.Testing.Storage;
using PgHa.Testing.Validation;

namespace PgHa.Testing.Api.Strategies;

/// <summary>
/// Pods: a new pod's status is reset to Pending (status is written through <c>/status</c>, as the kubelet
/// does), spec defaults are filled, containers are required, and an update may change only the fields
/// kube lets it change.
/// </summary>
internal sealed class PodStrategy : ResourceStrategy
{
    private static readonly string[] MutableSpecFields = ["activeDeadlineSeconds", "tolerations", "terminationGracePeriodSeconds"];

    public override bool ReturnDeletedObject => true;

    public override void PrepareForCreate(JsonObject obj, StrategyContext context)
    {
        obj["status"] = new JsonObject { ["phase"] = "Pending", ["qosClass"] = "BestEffort" };
        var spec = obj.GetOrAddObject("spec");
        SetDefault(spec, "restartPolicy", "Always");
        SetDefault(spec, "dnsPolicy", "ClusterFirst");
        SetDefault(spec, "schedulerName", "default-scheduler");
        SetDefault(spec, "serviceAccountName", "default");
        if (!spec.ContainsKey("terminationGracePeriodSeconds"))
        {
            spec["terminationGracePeriodSeconds"] = 30;
        }

        if (!spec.ContainsKey("securityContext"))
        {
            spec["securityContext"] = new JsonObject();
        }

        foreach (var container in spec.Array("containers") ?? [])
        {
            if (container is JsonObject c)
            {
                var image = c.String("image") ?? string.Empty;
                var tagged = image.LastIndexOf(':') > image.LastIndexOf('/') && !image.EndsWith(":latest", StringComparison.Ordinal);
                SetDefault(c, "imagePullPolicy", tagged || image.Contains('@', StringComparison.Ordinal) ? "IfNotPresent" : "Always");
                SetDefault(c, "terminationMessagePath", "/dev/termination-log");
                SetDefault(c, "terminationMessagePolicy", "File");
                if (!c.ContainsKey("resources"))
                {
                    c["resources"] = new JsonObject();
                }
            }
        }
    }

    public override void Validate(JsonObject obj, StoredObject? old, FieldErrors errors, StrategyContext context)
    {
        var spec = obj.Object("spec");
        var containers = spec.Array("containers");
        if (containers is null || containers.Count == 0)
        {
            errors.Required("spec.containers");
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; containers is not null && i < containers.Count; i++)
        {
            if (containers[i] is not JsonObject container)
            {
                continue;
            }

            var name = container.String("name");
            if (string.IsNullOrEmpty(name))
            {
                errors.Required($"spec.containers[{i}].name");
            }
            else
            {
                errors.InvalidEach($"spec.containers[{i}].name", name, NameValidation.IsDns1123Label(name));
                if (!names.Add(name))
                {
                    errors.Duplicate($"spec.containers[{i}].name", name);
                }
            }

            if (string.IsNullOrEmpty(container.String("image")) && old is null)
            {
                errors.Required($"spec.containers[{i}].image");
            }
        }

        if (old is not null && !SpecUpdateAllowed(spec, old.Object.Object("spec")))
        {
            errors.Forbidden("spec", "pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)");
        }
    }

    private static bool SpecUpdateAllowed(JsonObject? spec, JsonObject? oldSpec)
    {
        if (spec is null || oldSpec is null)
        {
            return spec is null == oldSpec is null;
        }

        return JsonTree.DeepEquals(WithoutMutableFields(spec), WithoutMutableFields(oldSpec));
    }

    private static JsonObject WithoutMutableFields(JsonObject spec)
    {
        var copy = (JsonObject)spec.DeepClone();
        foreach (var field in MutableSpecFields)
        {
            copy.Remove(field);
        }

        foreach (var list in new[] { "containers", "initContainers" })
        {
            foreach (var container in copy.Array(list) ?? [])
            {
                (container as JsonObject)?.Remove("image");
            }
        }

        return copy;
    }

    private static void SetDefault(JsonObject obj, string name, string value)
    {
        if (string.IsNullOrEmpty(obj.String(name)))
        {
            obj[name] = value;
        }
    }
}
