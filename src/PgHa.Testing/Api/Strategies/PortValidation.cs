using System.Text.Json;
using System.Text.Json.Nodes;
using PgHa.Testing.Json;
using PgHa.Testing.Validation;

namespace PgHa.Testing.Api.Strategies;

/// <summary>The port checks shared by Services, Endpoints and EndpointSlices, with kube's messages.</summary>
internal static class PortValidation
{
    public const string PortRangeMessage = "must be between 1 and 65535, inclusive";

    public static readonly string[] Protocols = ["SCTP", "TCP", "UDP"];

    public static void Number(JsonObject port, string field, FieldErrors errors, bool required)
    {
        var value = port.Int64("port");
        if (value is null)
        {
            if (required)
            {
                errors.Required(field);
            }

            return;
        }

        if (value is < 1 or > 65535)
        {
            errors.Invalid(field, value.Value, PortRangeMessage);
        }
    }

    public static void Protocol(JsonObject port, string field, FieldErrors errors)
    {
        var protocol = port.String("protocol");
        if (protocol is null)
        {
            errors.Required(field);
        }
        else if (Array.IndexOf(Protocols, protocol) < 0)
        {
            errors.NotSupported(field, protocol, Protocols);
        }
    }

    /// <summary>Port names: required (and unique) when there are several ports, each a DNS-1123 label.</summary>
    public static void Names(JsonArray? ports, string field, FieldErrors errors, bool requiredWhenSeveral)
    {
        if (ports is null)
        {
            return;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < ports.Count; i++)
        {
            if (ports[i] is not JsonObject port)
            {
                continue;
            }

            var name = port.String("name") ?? string.Empty;
            var path = $"{field}[{i}].name";
            if (name.Length == 0)
            {
                if (requiredWhenSeveral && ports.Count > 1)
                {
                    errors.Required(path);
                }

                continue;
            }

            errors.InvalidEach(path, name, NameValidation.IsDns1123Label(name));
            if (!seen.Add(name))
            {
                errors.Duplicate(path, name);
            }
        }
    }

    /// <summary>Defaults <c>protocol</c> to TCP on each port, as kube's defaulting does.</summary>
    public static void DefaultProtocols(JsonArray? ports)
    {
        if (ports is null)
        {
            return;
        }

        foreach (var node in ports)
        {
            if (node is JsonObject port && (!port.TryGetPropertyValue("protocol", out var protocol) || protocol is null ||
                (protocol is JsonValue v && v.GetValueKind() == JsonValueKind.String && v.GetValue<string>().Length == 0)))
            {
                port["protocol"] = "TCP";
            }
        }
    }
}
