using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace PgHa.Testing.Tables;

/// <summary>kube's <c>printService</c>: NAME, TYPE, CLUSTER-IP, EXTERNAL-IP, PORT(S), AGE and (wide) SELECTOR.</summary>
internal sealed class ServicePrinter : TablePrinter
{
    public static ServicePrinter Instance { get; } = new();

    public override IReadOnlyList<TableColumnDefinition> Columns { get; } =
    [
        NameColumn,
        new("Type", "string", Description: ColumnDescriptions.ServiceType),
        new("Cluster-IP", "string", Description: ColumnDescriptions.ServiceClusterIP),
        new("External-IP", "string", Description: ColumnDescriptions.ServiceExternalIPs),
        new("Port(s)", "string", Description: ColumnDescriptions.ServicePorts),
        AgeColumn,
        new("Selector", "string", Description: ColumnDescriptions.ServiceSelector, Priority: 1),
    ];

    public override void AddCells(JsonObject obj, DateTimeOffset now, JsonArray cells)
    {
        var spec = TableJson.GetObject(obj, "spec");
        var ports = PortsOf(TableJson.GetArray(spec, "ports"));
        cells.Add(NameOf(obj));
        cells.Add(TableJson.GetStringOrEmpty(spec, "type"));
        cells.Add(ClusterIPOf(spec));
        cells.Add(ExternalIPOf(obj, spec));
        cells.Add(ports.Length == 0 ? "<none>" : ports);
        cells.Add(AgeOf(obj, now));
        cells.Add(Labels.Format(TableJson.GetObject(spec, "selector")));
    }

    private static string ClusterIPOf(JsonObject? spec)
    {
        // kube prints clusterIPs[0]; kube-apiserver always fills clusterIPs from clusterIP, a store written by hand may not.
        var clusterIPs = TableJson.GetArray(spec, "clusterIPs");
        if (clusterIPs is { Count: > 0 })
        {
            return TableJson.AsString(clusterIPs[0]) ?? string.Empty;
        }

        var clusterIP = TableJson.GetString(spec, "clusterIP");
        return string.IsNullOrEmpty(clusterIP) ? "<none>" : clusterIP;
    }

    private static string ExternalIPOf(JsonObject obj, JsonObject? spec)
    {
        var externalIPs = Join(TableJson.GetArray(spec, "externalIPs"));
        switch (TableJson.GetStringOrEmpty(spec, "type"))
        {
            case "ClusterIP" or "NodePort":
                return externalIPs.Length > 0 ? externalIPs : "<none>";
            case "LoadBalancer":
                // The server always prints the wide form, so the load-balancer list is never cut to 16 characters.
                var ingress = LoadBalancerIngress(obj);
                if (externalIPs.Length > 0)
                {
                    return ingress.Length > 0 ? ingress + "," + externalIPs : externalIPs;
                }

                return ingress.Length > 0 ? ingress : "<pending>";
            case "ExternalName":
                return TableJson.GetStringOrEmpty(spec, "externalName");
            default:
                return "<unknown>";
        }
    }

    private static string LoadBalancerIngress(JsonObject obj)
    {
        var ingress = TableJson.GetArray(TableJson.GetObject(TableJson.GetObject(obj, "status"), "loadBalancer"), "ingress");
        var addresses = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var entry in ingress ?? [])
        {
            var item = entry as JsonObject;
            var ip = TableJson.GetString(item, "ip");
            var hostname = TableJson.GetString(item, "hostname");
            if (!string.IsNullOrEmpty(ip))
            {
                addresses.Add(ip);
            }
            else if (!string.IsNullOrEmpty(hostname))
            {
                addresses.Add(hostname);
            }
        }

        return string.Join(',', addresses);
    }

    private static string PortsOf(JsonArray? ports)
    {
        var builder = new StringBuilder();
        foreach (var entry in ports ?? [])
        {
            var port = entry as JsonObject;
            if (builder.Length > 0)
            {
                builder.Append(',');
            }

            builder.Append(TableJson.GetInt64(port, "port").ToString(CultureInfo.InvariantCulture));
            var nodePort = TableJson.GetInt64(port, "nodePort");
            if (nodePort > 0)
            {
                builder.Append(':').Append(nodePort.ToString(CultureInfo.InvariantCulture));
            }

            builder.Append('/').Append(TableJson.GetStringOrEmpty(port, "protocol"));
        }

        return builder.ToString();
    }

    private static string Join(JsonArray? values)
    {
        var builder = new StringBuilder();
        foreach (var value in values ?? [])
        {
            if (builder.Length > 0)
            {
                builder.Append(',');
            }

            builder.Append(TableJson.AsString(value));
        }

        return builder.ToString();
    }
}
