using System.Globalization;
using System.Text.Json.Nodes;

namespace PgHa.Testing.Tables;

/// <summary>kube's <c>printEndpoints</c>: NAME, ENDPOINTS (<c>formatEndpoints</c>), AGE.</summary>
internal sealed class EndpointsPrinter : TablePrinter
{
    public static EndpointsPrinter Instance { get; } = new();

    public override IReadOnlyList<TableColumnDefinition> Columns { get; } =
    [
        NameColumn,
        new("Endpoints", "string", Description: ColumnDescriptions.EndpointsSubsets),
        AgeColumn,
    ];

    public override void AddCells(JsonObject obj, DateTimeOffset now, JsonArray cells)
    {
        cells.Add(NameOf(obj));
        cells.Add(FormatEndpoints(TableJson.GetArray(obj, "subsets")));
        cells.Add(AgeOf(obj, now));
    }

    /// <summary>
    /// Ready addresses only, <c>ip:port</c> for every port of a subset (bare IPs when it has none), at most three and
    /// then <c>" + N more..."</c>; <c>&lt;none&gt;</c> without subsets.
    /// </summary>
    public static string FormatEndpoints(JsonArray? subsets)
    {
        if (subsets is null || subsets.Count == 0)
        {
            return "<none>";
        }

        var list = new List<string>(MaxListed);
        var count = 0;
        foreach (var entry in subsets)
        {
            var subset = entry as JsonObject;
            var addresses = TableJson.GetArray(subset, "addresses") ?? [];
            var ports = TableJson.GetArray(subset, "ports") ?? [];
            if (ports.Count == 0)
            {
                // Headless services may have no ports.
                count += addresses.Count;
                foreach (var address in addresses)
                {
                    if (list.Count == MaxListed)
                    {
                        break;
                    }

                    list.Add(TableJson.GetStringOrEmpty(address as JsonObject, "ip"));
                }

                continue;
            }

            foreach (var port in ports)
            {
                var number = TableJson.GetInt64(port as JsonObject, "port").ToString(CultureInfo.InvariantCulture);
                count += addresses.Count;
                foreach (var address in addresses)
                {
                    if (list.Count == MaxListed)
                    {
                        break;
                    }

                    list.Add(JoinHostPort(TableJson.GetStringOrEmpty(address as JsonObject, "ip"), number));
                }
            }
        }

        return JoinListed(list, count);
    }

    /// <summary>Go's <c>net.JoinHostPort</c>: brackets around hosts that contain a colon (IPv6).</summary>
    public static string JoinHostPort(string host, string port) =>
        host.Contains(':', StringComparison.Ordinal) ? "[" + host + "]:" + port : host + ":" + port;
}
