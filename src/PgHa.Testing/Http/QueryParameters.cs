using System.Globalization;
using Microsoft.AspNetCore.Http;
using PgHa.Testing.Api;
using PgHa.Testing.Go;
using PgHa.Testing.Validation;
using PgHa.Testing.Schema;

namespace PgHa.Testing.Http;

/// <summary>Reads kube's query parameters with the apiserver's rules (Go's <c>strconv.ParseBool</c>, integers, enums) and its errors.</summary>
internal static class QueryParameters
{
    public static string? String(IQueryCollection query, string name)
    {
        var value = query[name];
        return value.Count == 0 ? null : value[^1];
    }

    /// <summary>Go's ParseBool: 1, t, T, TRUE, true, True, 0, f, F, FALSE, false, False. Patroni sends <c>watch=True</c>.</summary>
    public static bool? Boolean(IQueryCollection query, string name)
    {
        var text = String(query, name);
        return text switch
        {
            null or "" => null,
            "1" or "t" or "T" or "TRUE" or "true" or "True" => true,
            "0" or "f" or "F" or "FALSE" or "false" or "False" => false,
            _ => throw ApiException.BadRequest($"invalid value for {name}: strconv.ParseBool: parsing {GoStrings.Quote(text)}: invalid syntax"),
        };
    }

    public static long? Int64(IQueryCollection query, string name)
    {
        var text = String(query, name);
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw ApiException.BadRequest($"invalid value for {name}: strconv.ParseInt: parsing {GoStrings.Quote(text)}: invalid syntax");
    }

    public static WriteOptions Write(IQueryCollection query)
    {
        var dryRun = DryRun(query);
        var validation = String(query, "fieldValidation") switch
        {
            null or "" or "Warn" => FieldValidation.Warn,
            "Ignore" => FieldValidation.Ignore,
            "Strict" => FieldValidation.Strict,
            var other => throw ApiException.BadRequest($"fieldValidation invalid value: {other}"),
        };
        return new WriteOptions(dryRun, validation, String(query, "fieldManager"));
    }

    public static bool DryRun(IQueryCollection query)
    {
        var values = query["dryRun"];
        foreach (var value in values)
        {
            if (value != "All")
            {
                throw ApiException.BadRequest(FieldError.NotSupported("dryRun", value ?? string.Empty, ["All"]).ToString());
            }
        }

        return values.Count > 0;
    }

    public static WatchOptions Watch(IQueryCollection query)
    {
        var timeout = Int64(query, "timeoutSeconds");
        if (timeout < 0)
        {
            throw ApiException.BadRequest($"timeoutSeconds: Invalid value: {timeout}: must be non-negative");
        }

        return new WatchOptions(
            String(query, "resourceVersion"),
            String(query, "resourceVersionMatch"),
            timeout is null or 0 ? null : TimeSpan.FromSeconds(timeout.Value),
            Boolean(query, "allowWatchBookmarks") ?? false,
            Boolean(query, "sendInitialEvents"));
    }

    /// <summary>Parses a resourceVersion parameter; kube accepts only non-negative decimal integers.</summary>
    public static long ParseResourceVersion(string text) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw ApiException.BadRequest($"invalid resource version: {text}");
}
