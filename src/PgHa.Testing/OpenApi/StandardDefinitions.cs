using k8s.Models;
using PgHa.Testing.Schema;

namespace PgHa.Testing.OpenApi;

/// <summary>The definitions every group-version document references from its operations (Status, DeleteOptions, Patch, WatchEvent).</summary>
internal static class StandardDefinitions
{
    public const string StatusName = "io.k8s.apimachinery.pkg.apis.meta.v1.Status";
    public const string DeleteOptionsName = "io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions";
    public const string WatchEventName = "io.k8s.apimachinery.pkg.apis.meta.v1.WatchEvent";

    /// <summary>The schemas to include besides the kinds' own.</summary>
    public static IEnumerable<SchemaNode> Roots =>
    [
        ModelSchemaFactory.For<V1Status>(), ModelSchemaFactory.For<V1DeleteOptions>(), ModelSchemaFactory.For<V1WatchEvent>(),
        ModelSchemaFactory.For<V1ListMeta>(), WellKnownSchemas.Patch,
    ];

    /// <summary>The list kind's schema, as kube publishes it beside each kind (<c>io.k8s.api.core.v1.ServiceList</c>).</summary>
    public static SchemaNode ListOf(SchemaNode kind, GroupVersionKind gvk)
    {
        var list = new SchemaNode(SchemaType.Object)
        {
            DefinitionName = kind.DefinitionName + "List",
            GroupVersionKind = gvk with { Kind = gvk.Kind + "List" },
        };
        list.Properties["apiVersion"] = new SchemaNode(SchemaType.String);
        list.Properties["items"] = new SchemaNode(SchemaType.Array) { Items = kind };
        list.Properties["kind"] = new SchemaNode(SchemaType.String);
        list.Properties["metadata"] = ModelSchemaFactory.For<V1ListMeta>();
        list.Required.Add("items");
        return list;
    }

    /// <summary>A stand-in schema for a resource the server knows no schema for: any object of the kind.</summary>
    public static SchemaNode Unknown(GroupVersionKind gvk) => new(SchemaType.Object)
    {
        DefinitionName = CustomResourceSchemaReader.DefinitionName(gvk),
        GroupVersionKind = gvk,
        PreserveUnknownFields = true,
    };
}
