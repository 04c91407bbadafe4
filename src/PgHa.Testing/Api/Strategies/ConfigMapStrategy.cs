using System.Text;
using System.Text.Json.Nodes;
using PgHa.Testing.Json;
using PgHa.Testing.Storage;
using PgHa.Testing.Validation;

namespace PgHa.Testing.Api.Strategies;

/// <summary>ConfigMaps: keys must be config keys, the total size at most 1 MiB, and an immutable map stays as it is.</summary>
internal sealed class ConfigMapStrategy : ResourceStrategy
{
    private const int MaxSize = 1024 * 1024;

    public override void Validate(JsonObject obj, StoredObject? old, FieldErrors errors, StrategyContext context)
    {
        var size = 0;
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var section in new[] { "data", "binaryData" })
        {
            foreach (var (key, value) in obj.Object(section) ?? [])
            {
                errors.InvalidEach($"{section}[{key}]", key, ConfigKey(key));
                if (!keys.Add(key))
                {
                    errors.Invalid($"{section}[{key}]", key, "duplicate of key present in " + (section == "data" ? "binaryData" : "data"));
                }

                size += Encoding.UTF8.GetByteCount(key) + Encoding.UTF8.GetByteCount((value as JsonValue)?.ToString() ?? string.Empty);
            }
        }

        if (size > MaxSize)
        {
            errors.Add(FieldError.TooLong(string.Empty, MaxSize));
        }

        if (old is not null && old.Object.Boolean("immutable") == true)
        {
            if (obj.Boolean("immutable") != true)
            {
                errors.Forbidden("immutable", "field is immutable when `immutable` is set");
            }

            if (!JsonTree.DeepEquals(obj["data"], old.Object["data"]))
            {
                errors.Forbidden("data", "field is immutable when `immutable` is set");
            }

            if (!JsonTree.DeepEquals(obj["binaryData"], old.Object["binaryData"]))
            {
                errors.Forbidden("binaryData", "field is immutable when `immutable` is set");
            }
        }
    }

    // kube's IsConfigMapKey.
    private static List<string> ConfigKey(string key)
    {
        var errors = new List<string>();
        if (key.Length > NameValidation.Dns1123SubdomainMaxLength)
        {
            errors.Add(NameValidation.MaxLengthError(NameValidation.Dns1123SubdomainMaxLength));
        }

        if (key.Length == 0 || !key.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
        {
            errors.Add("a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')");
        }

        if (key is "." or "..")
        {
            errors.Add(key == "." ? "must not be '.'" : "must not be '..'");
        }
        else if (key.StartsWith("..", StringComparison.Ordinal))
        {
            errors.Add("must not start with '..'");
        }

        return errors;
    }
}
