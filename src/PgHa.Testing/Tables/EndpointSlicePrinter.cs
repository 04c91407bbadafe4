using System.Globalization;
using System.Text.Json.Nodes;

namespace PgHa.Testing.Tables;

/// <summary>kube's <c>printEndpointSlice</c>: NAME, ADDRESSTYPE, PORTS, ENDPOINTS, AGE.</summary>
internal sealed class EndpointSlicePrinter : TablePrinter
{
    public static EndpointSlicePrinter Instance { get; } = new();

    public override IReadOnlyList<TableColumnDefinition> Columns { get; } =
    [
        NameColumn,
        new("AddressType", "string", Description: ColumnDescriptions.EndpointSliceAddressType),
        new("Ports", "string", Description: ColumnDescriptions.EndpointSlicePorts),
        new("Endpoints", "string", Description: ColumnDescriptions.EndpointSliceEndpoints),
        AgeColumn,
    ];

    public override void AddCells(JsonObject obj, DateTimeOffset now, JsonArray cells)
    {
        cells.Add(NameOf(obj));
        cells.Add(TableJson.GetStringOrEmpty(obj, "addressType"));
        cells.Add(FormatPorts(TableJson.GetArray(obj, "ports")));
        cells.Add(FormatEndpoints(TableJson.GetArray(obj, "endpoints")));
        cells.Add(AgeOf(obj, now));
    }

    /// <summary>kube's <c>formatDiscoveryPorts</c>: port numbers, else the port name, else <c>*</c>.</summary>
    public static string FormatPorts(JsonArray? ports)
    {
        var list = new List<string>(MaxListed);
        var count = 0;
        foreach (var entry in ports ?? [])
        {
            var port = entry as JsonObject;
            if (list.Count < MaxListed)
            {
                string text;
                if (TableJson.Has(port, "port"))
                {
                    text = TableJson.GetInt64(port, "port").ToString(CultureInfo.InvariantCulture);
                }
                else
                {
                    text = TableJson.Has(port, "name") ? TableJson.GetStringOrEmpty(port, "name") : "*";
                }

                list.Add(text);
            }

            count++;
        }

        return ListOrUnset(list, count);
    }

    /// <summary>kube's <c>formatDiscoveryEndpoints</c>: every address of every endpoint, ready or not.</summary>
    public static string FormatEndpoints(JsonArray? endpoints)
    {
        var list = new List<string>(MaxListed);
        var count = 0;
        foreach (var entry in endpoints ?? [])
        {
            foreach (var address in TableJson.GetArray(entry as JsonObject, "addresses") ?? [])
            {
                if (list.Count < MaxListed)
                {
                    list.Add(TableJson.AsString(address) ?? string.Empty);
                }

                count++;
            }
        }

        return ListOrUnset(list, count);
    }

    /// <summary>kube's <c>listWithMoreString</c>: like the Endpoints cell, but <c>&lt;unset&gt;</c> when there is nothing to show.</summary>
    private static string ListOrUnset(List<string> list, int count)
    {
        var joined = JoinListed(list, count);
        return joined.Length == 0 ? "<unset>" : joined;
    }
}
