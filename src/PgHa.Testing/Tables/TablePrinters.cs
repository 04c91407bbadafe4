using System.Runtime.CompilerServices;
using PgHa.Testing.Resources;

namespace PgHa.Testing.Tables;

/// <summary>Picks the printer kube-apiserver v1.32 uses for a resource, by API group and plural name.</summary>
internal static class TablePrinters
{
    // Printer columns are parsed once per served custom resource version, not per request.
    private static readonly ConditionalWeakTable<ResourceType, CustomResourcePrinter> CustomPrinters = [];

    public static TablePrinter For(ResourceType type)
    {
        if (type.IsCustom)
        {
            return CustomPrinters.GetValue(type, static t => new CustomResourcePrinter(t.PrinterColumns));
        }

        return (type.Group, type.Plural) switch
        {
            ("", "services") => ServicePrinter.Instance,
            ("", "endpoints") => EndpointsPrinter.Instance,
            ("discovery.k8s.io", "endpointslices") => EndpointSlicePrinter.Instance,
            ("", "pods") => PodPrinter.Instance,
            ("", "configmaps") => ConfigMapPrinter.Instance,
            ("", "namespaces") => NamespacePrinter.Instance,
            ("", "events") => EventPrinter.Core,
            ("events.k8s.io", "events") => EventPrinter.EventsApi,
            ("coordination.k8s.io", "leases") => LeasePrinter.Instance,
            ("", "secrets") => SecretPrinter.Instance,
            ("", "serviceaccounts") => ServiceAccountPrinter.Instance,
            _ => DefaultTablePrinter.Instance,
        };
    }
}
