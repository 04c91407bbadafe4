using System.Text.Json;
using System.Text.Json.Nodes;
using PgHa.Testing.Go;
using PgHa.Testing.Json;
using PgHa.Testing.Storage;
using PgHa.Testing.Validation;

namespace PgHa.Testing.Api.Strategies;

/// <summary>
/// Services: kube's defaults (type, session affinity, ports, IP families), cluster IP allocation, the
/// allocated values kept across updates that omit them (so <c>kubectl apply</c> works), and validation.
/// </summary>
internal sealed class ServiceStrategy : ResourceStrategy
{
    private static readonly string[] Types = ["ClusterIP", "ExternalName", "LoadBalancer", "NodePort"];
    private static readonly string[] Affinities = ["ClientIP", "None"];

    public override NameRule NameRule => NameRule.Dns1035Label;

    public override bool AllowCreateOnUpdate => true;

    public override bool ReturnDeletedObject => true;

    public override void PrepareForCreate(JsonObject obj, StrategyContext context)
    {
        obj["status"] = new JsonObject { ["loadBalancer"] = new JsonObject() };
        ApplyDefaults(obj.GetOrAddObject("spec"));
    }

    public override void PrepareForUpdate(JsonObject obj, StoredObject old, StrategyContext context)
    {
        var spec = obj.GetOrAddObject("spec");
        var oldSpec = old.Object.Object("spec");
        var type = spec.String("type") ?? "ClusterIP";
        if (type != "ExternalName" && oldSpec is not null && string.IsNullOrEmpty(spec.String("clusterIP")))
        {
            // kube's PatchAllocatedValues: an update that leaves allocated values out keeps them.
            Copy(oldSpec, spec, "clusterIP");
            Copy(oldSpec, spec, "clusterIPs");
            Copy(oldSpec, spec, "ipFamilies");
            Copy(oldSpec, spec, "ipFamilyPolicy");
        }

        ApplyDefaults(spec);
    }

    public override void Validate(JsonObject obj, StoredObject? old, FieldErrors errors, StrategyContext context)
    {
        var spec = obj.Object("spec");
        if (spec is null)
        {
            errors.Required("spec");
            return;
        }

        var type = spec.String("type") ?? "ClusterIP";
        if (Array.IndexOf(Types, type) < 0)
        {
            errors.NotSupported("spec.type", type, Types);
        }

        var affinity = spec.String("sessionAffinity");
        if (affinity is not null && Array.IndexOf(Affinities, affinity) < 0)
        {
            errors.NotSupported("spec.sessionAffinity", affinity, Affinities);
        }

        var ports = spec.Array("ports");
        var headless = spec.String("clusterIP") == "None";
        if ((ports is null || ports.Count == 0) && type != "ExternalName" && !headless)
        {
            errors.Required("spec.ports");
        }

        ValidatePorts(ports, errors);
        errors.AddRange(LabelValidation.ValidateLabels(spec.Object("selector"), "spec.selector"));

        if (old is not null && type != "ExternalName")
        {
            var oldIp = old.Object.Object("spec").String("clusterIP");
            var newIp = spec.String("clusterIP");
            if (!string.IsNullOrEmpty(oldIp) && !string.IsNullOrEmpty(newIp) && oldIp != newIp)
            {
                errors.Immutable("spec.clusterIPs[0]", newIp);
            }
        }
    }

    public override void BeforeCommit(JsonObject obj, StoredObject? old, FieldErrors errors, StrategyContext context)
    {
        var spec = obj.GetOrAddObject("spec");
        if ((spec.String("type") ?? "ClusterIP") == "ExternalName")
        {
            return;
        }

        var requested = spec.String("clusterIP");
        if (requested == "None")
        {
            spec["clusterIPs"] = new JsonArray("None");
            return;
        }

        if (string.IsNullOrEmpty(requested))
        {
            var allocated = context.ServiceIps.NextFree();
            if (allocated is null)
            {
                errors.Add(new FieldError(FieldErrorType.Internal, "spec.clusterIPs", null, "failed to allocate a serviceIP: range is full"));
                return;
            }

            spec["clusterIP"] = allocated;
            spec["clusterIPs"] = new JsonArray(allocated);
            return;
        }

        var oldIp = old?.Object.Object("spec").String("clusterIP");
        if (requested == oldIp)
        {
            return;
        }

        var quoted = "[]string{" + GoStrings.Quote(requested) + "}";
        if (!ServiceIpAllocator.InRange(requested, out var value))
        {
            errors.Add(new FieldError(FieldErrorType.Invalid, "spec.clusterIPs", quoted,
                $"failed to allocate IP {requested}: the provided IP ({requested}) is not in the valid range. The range of valid IPs is 10.96.0.0/12"));
        }
        else if (context.ServiceIps.IsUsed(value))
        {
            errors.Add(new FieldError(FieldErrorType.Invalid, "spec.clusterIPs", quoted,
                $"failed to allocate IP {requested}: provided IP is already allocated"));
        }
        else
        {
            spec["clusterIPs"] = new JsonArray(requested);
        }
    }

    private static void ApplyDefaults(JsonObject spec)
    {
        var type = spec.String("type");
        if (string.IsNullOrEmpty(type))
        {
            type = "ClusterIP";
            spec["type"] = type;
        }

        if (type == "ExternalName")
        {
            return;
        }

        if (string.IsNullOrEmpty(spec.String("sessionAffinity")))
        {
            spec["sessionAffinity"] = "None";
        }

        if (spec.Array("ipFamilies") is null)
        {
            spec["ipFamilies"] = new JsonArray("IPv4");
        }

        if (string.IsNullOrEmpty(spec.String("ipFamilyPolicy")))
        {
            spec["ipFamilyPolicy"] = "SingleStack";
        }

        if (string.IsNullOrEmpty(spec.String("internalTrafficPolicy")))
        {
            spec["internalTrafficPolicy"] = "Cluster";
        }

        if (type is "NodePort" or "LoadBalancer" && string.IsNullOrEmpty(spec.String("externalTrafficPolicy")))
        {
            spec["externalTrafficPolicy"] = "Cluster";
        }

        var ports = spec.Array("ports");
        PortValidation.DefaultProtocols(ports);
        if (ports is null)
        {
            return;
        }

        foreach (var node in ports)
        {
            if (node is JsonObject port && !port.ContainsKey("targetPort") && port["port"] is JsonValue number &&
                number.GetValueKind() == JsonValueKind.Number)
            {
                port["targetPort"] = number.DeepClone();
            }
        }
    }

    private static void ValidatePorts(JsonArray? ports, FieldErrors errors)
    {
        if (ports is null)
        {
            return;
        }

        PortValidation.Names(ports, "spec.ports", errors, requiredWhenSeveral: true);
        var seen = new HashSet<(long, string)>();
        for (var i = 0; i < ports.Count; i++)
        {
            if (ports[i] is not JsonObject port)
            {
                continue;
            }

            var path = $"spec.ports[{i}]";
            PortValidation.Number(port, path + ".port", errors, required: true);
            PortValidation.Protocol(port, path + ".protocol", errors);
            if (port["targetPort"] is JsonValue target)
            {
                if (target.GetValueKind() == JsonValueKind.Number && target.TryGetValue<long>(out var number) && number is < 1 or > 65535)
                {
                    errors.Invalid(path + ".targetPort", number, PortValidation.PortRangeMessage);
                }
                else if (target.GetValueKind() == JsonValueKind.String && target.GetValue<string>() is var named && named.Length > 0)
                {
                    errors.InvalidEach(path + ".targetPort", named, PortNameValidation.IsValidPortName(named));
                }
            }

            if (port.Int64("port") is { } p && !seen.Add((p, port.String("protocol") ?? "TCP")))
            {
                errors.Duplicate(path, $"{p}/{port.String("protocol") ?? "TCP"}");
            }
        }
    }

    private static void Copy(JsonObject from, JsonObject to, string name)
    {
        if (!to.ContainsKey(name) && from[name] is { } value)
        {
            to[name] = value.DeepClone();
        }
    }
}
