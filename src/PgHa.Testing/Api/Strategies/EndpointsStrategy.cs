using System.Text.Json.Nodes;
using PgHa.Testing.Json;
using PgHa.Testing.Storage;
using PgHa.Testing.Validation;

namespace PgHa.Testing.Api.Strategies;

/// <summary>Endpoints: ports default to TCP; addresses, ports and names validated as kube does.</summary>
internal sealed class EndpointsStrategy : ResourceStrategy
{
    public override bool AllowCreateOnUpdate => true;

    public override void PrepareForCreate(JsonObject obj, StrategyContext context) => ApplyDefaults(obj);

    public override void PrepareForUpdate(JsonObject obj, StoredObject old, StrategyContext context) => ApplyDefaults(obj);

    public override void Validate(JsonObject obj, StoredObject? old, FieldErrors errors, StrategyContext context)
    {
        var subsets = obj.Array("subsets");
        if (subsets is null)
        {
            return;
        }

        for (var i = 0; i < subsets.Count; i++)
        {
            if (subsets[i] is not JsonObject subset)
            {
                continue;
            }

            var path = $"subsets[{i}]";
            var addresses = subset.Array("addresses");
            var notReady = subset.Array("notReadyAddresses");
            if ((addresses?.Count ?? 0) + (notReady?.Count ?? 0) == 0)
            {
                errors.Required(path, "must specify `addresses` or `notReadyAddresses`");
            }

            ValidateAddresses(addresses, path + ".addresses", errors, context);
            ValidateAddresses(notReady, path + ".notReadyAddresses", errors, context);
            var ports = subset.Array("ports");
            PortValidation.Names(ports, path + ".ports", errors, requiredWhenSeveral: true);
            for (var p = 0; ports is not null && p < ports.Count; p++)
            {
                if (ports[p] is JsonObject port)
                {
                    PortValidation.Number(port, $"{path}.ports[{p}].port", errors, required: true);
                    PortValidation.Protocol(port, $"{path}.ports[{p}].protocol", errors);
                }
            }
        }
    }

    private static void ValidateAddresses(JsonArray? addresses, string field, FieldErrors errors, StrategyContext context)
    {
        for (var j = 0; addresses is not null && j < addresses.Count; j++)
        {
            if (addresses[j] is not JsonObject address)
            {
                continue;
            }

            var path = $"{field}[{j}]";
            var ip = address.String("ip");
            if (string.IsNullOrEmpty(ip))
            {
                errors.Required(path + ".ip");
            }
            else
            {
                errors.InvalidEach(path + ".ip", ip,
                    context.RejectSpecialEndpointAddresses ? IpValidation.ValidateEndpointIP(ip) : IpValidation.IsValidIP(ip));
            }

            if (address.String("hostname") is { Length: > 0 } hostname)
            {
                errors.InvalidEach(path + ".hostname", hostname, NameValidation.IsDns1123Label(hostname));
            }

            if (address.String("nodeName") is { Length: > 0 } nodeName)
            {
                errors.InvalidEach(path + ".nodeName", nodeName, NameValidation.IsDns1123Subdomain(nodeName));
            }
        }
    }

    private static void ApplyDefaults(JsonObject obj)
    {
        foreach (var subset in obj.Array("subsets") ?? [])
        {
            PortValidation.DefaultProtocols((subset as JsonObject).Array("ports"));
        }
    }
}
