using System.Globalization;
using System.Text.Json;
using PgHa.Testing.Resources;
using PgHa.Testing.Schema;

namespace PgHa.Testing.OpenApi;

/// <summary>
/// Writes the <c>paths</c> kube-apiserver publishes for a resource: collection, item, <c>/status</c>,
/// all-namespaces list and watch paths, each operation with kube's operationId, <c>x-kubernetes-action</c>,
/// <c>x-kubernetes-group-version-kind</c>, parameters, request bodies and responses.
/// </summary>
internal sealed class OpenApiPathWriter(bool v3, OpenApiSchemaWriter schemas)
{
    private static readonly string[] ObjectTypes = ["application/json", "application/yaml", "application/vnd.kubernetes.protobuf"];
    private static readonly string[] StreamTypes =
        ["application/json", "application/json;stream=watch", "application/vnd.kubernetes.protobuf", "application/vnd.kubernetes.protobuf;stream=watch", "application/yaml"];

    private static readonly string[] BuiltInPatchTypes =
        ["application/apply-patch+yaml", "application/json-patch+json", "application/merge-patch+json", "application/strategic-merge-patch+json"];

    // Custom resources take no strategic merge patch.
    private static readonly string[] CustomPatchTypes = ["application/apply-patch+yaml", "application/json-patch+json", "application/merge-patch+json"];

    private enum Op
    {
        List,
        Create,
        DeleteCollection,
        Read,
        Replace,
        Patch,
        Delete,
        Watch,
        WatchList,
    }

    /// <summary>
    /// Adds every resource's paths and returns the schemas the document must define: the standard ones, and
    /// each resource's kind and list kind (a kind without a schema gets a free-form one).
    /// </summary>
    /// <param name="resources">The resources, in the order to add them.</param>
    /// <param name="paths">Path items by path, in the order they will be written.</param>
    public List<SchemaNode> AddAll(IEnumerable<ResourceType> resources, SortedDictionary<string, Action<Utf8JsonWriter>> paths)
    {
        var roots = new List<SchemaNode>(StandardDefinitions.Roots);
        foreach (var resource in resources)
        {
            var kind = resource.Schema ?? StandardDefinitions.Unknown(resource.GroupVersionKind);
            var list = StandardDefinitions.ListOf(kind, resource.GroupVersionKind);
            roots.Add(kind);
            roots.Add(list);
            Add(resource, kind.DefinitionName!, list.DefinitionName!, paths);
        }

        return roots;
    }

    /// <summary>Adds the path items of <paramref name="resource"/> to <paramref name="paths"/> (path → writer).</summary>
    /// <param name="resource">The resource.</param>
    /// <param name="kindName">Definition name of the kind's schema.</param>
    /// <param name="listName">Definition name of the list kind's schema.</param>
    /// <param name="paths">Path items by path, in the order they will be written.</param>
    public void Add(ResourceType resource, string kindName, string listName, SortedDictionary<string, Action<Utf8JsonWriter>> paths)
    {
        var prefix = resource.Group.Length == 0 ? "/api/" + resource.Version : "/apis/" + resource.Group + "/" + resource.Version;
        var id = OperationGroup(resource.Group) + Capitalise(resource.Version);
        var scope = resource.Namespaced ? "Namespaced" : string.Empty;
        var collection = resource.Namespaced ? prefix + "/namespaces/{namespace}/" + resource.Plural : prefix + "/" + resource.Plural;
        var item = collection + "/{name}";
        var pathParams = resource.Namespaced ? new[] { "namespace" } : [];
        var itemParams = resource.Namespaced ? new[] { "name", "namespace" } : ["name"];
        var ctx = new Context(resource, kindName, listName, id + scope + resource.Kind);

        paths[collection] = w => WriteItem(w, ctx, pathParams, [(Op.List, "list"), (Op.Create, "create"), (Op.DeleteCollection, "delete")]);
        paths[item] = w => WriteItem(w, ctx, itemParams, [(Op.Read, "read"), (Op.Replace, "replace"), (Op.Patch, "patch"), (Op.Delete, "delete")]);
        if (resource.HasStatusSubresource)
        {
            var status = ctx with { Subject = ctx.Subject + "Status", IsStatus = true };
            paths[item + "/status"] = w => WriteItem(w, status, itemParams, [(Op.Read, "read"), (Op.Replace, "replace"), (Op.Patch, "patch")]);
        }

        if (!Serves(resource, "watch"))
        {
            if (resource.Namespaced && Serves(resource, "list"))
            {
                paths[prefix + "/" + resource.Plural] = w => WriteItem(w, ctx with { Subject = id + resource.Kind + "ForAllNamespaces" }, [], [(Op.List, "list")]);
            }

            return;
        }

        var watch = resource.Namespaced ? prefix + "/watch/namespaces/{namespace}/" + resource.Plural : prefix + "/watch/" + resource.Plural;
        paths[watch] = w => WriteItem(w, ctx with { Subject = ctx.Subject + "List" }, pathParams, [(Op.WatchList, "watch")]);
        paths[watch + "/{name}"] = w => WriteItem(w, ctx, itemParams, [(Op.Watch, "watch")]);
        if (resource.Namespaced)
        {
            paths[prefix + "/" + resource.Plural] = w => WriteItem(w, ctx with { Subject = id + resource.Kind + "ForAllNamespaces" }, [], [(Op.List, "list")]);
            paths[prefix + "/watch/" + resource.Plural] = w => WriteItem(w, ctx with { Subject = id + resource.Kind + "ListForAllNamespaces" }, [], [(Op.WatchList, "watch")]);
        }
    }

    /// <summary><c>core</c> → <c>Core</c>, <c>discovery.k8s.io</c> → <c>Discovery</c>, <c>acid.zalan.do</c> → <c>AcidZalanDo</c>.</summary>
    public static string OperationGroup(string group)
    {
        if (group.Length == 0)
        {
            return "Core";
        }

        var trimmed = group.EndsWith(".k8s.io", StringComparison.Ordinal) ? group[..^".k8s.io".Length] : group;
        return string.Concat(trimmed.Split('.', '-').Select(Capitalise));
    }

    /// <summary>The tag kube files a group-version's operations under: <c>core_v1</c>, <c>discovery_v1</c>, <c>acidZalanDo_v1</c>.</summary>
    public static string Tag(string group, string version)
    {
        var name = OperationGroup(group);
        return char.ToLowerInvariant(name[0]) + name[1..] + "_" + version;
    }

    private static string Capitalise(string word) =>
        word.Length == 0 ? word : char.ToUpperInvariant(word[0]) + word[1..];

    private static bool Serves(ResourceType resource, string verb) => resource.Verbs.Contains(verb, StringComparer.Ordinal);

    private static string VerbOf(Op op) => op switch
    {
        Op.List => "list",
        Op.Create => "create",
        Op.DeleteCollection => "deletecollection",
        Op.Read => "get",
        Op.Replace => "update",
        Op.Patch => "patch",
        Op.Delete => "delete",
        _ => "watch",
    };

    private void WriteItem(Utf8JsonWriter writer, Context ctx, string[] pathParams, (Op Op, string Verb)[] operations)
    {
        writer.WriteStartObject();
        var written = new List<(string Method, Op Op, string Verb)>();
        foreach (var (op, verb) in operations)
        {
            // The status subresource serves get, update and patch whatever the main resource's verbs are.
            if (ctx.IsStatus || Serves(ctx.Resource, VerbOf(op)))
            {
                written.Add((MethodOf(op), op, verb));
            }
        }

        // Keys in kube's (sorted) order: delete, get, parameters, patch, post, put.
        foreach (var (method, op, verb) in written.Where(w => string.CompareOrdinal(w.Method, "parameters") < 0).OrderBy(w => w.Method, StringComparer.Ordinal))
        {
            WriteOperation(writer, ctx, method, op, verb);
        }

        writer.WriteStartArray("parameters");
        foreach (var name in pathParams)
        {
            OpenApiParameters.WritePath(writer, name, v3);
        }

        OpenApiParameters.WriteQuery(writer, "pretty", v3);
        writer.WriteEndArray();
        foreach (var (method, op, verb) in written.Where(w => string.CompareOrdinal(w.Method, "parameters") > 0).OrderBy(w => w.Method, StringComparer.Ordinal))
        {
            WriteOperation(writer, ctx, method, op, verb);
        }

        writer.WriteEndObject();
    }

    private void WriteOperation(Utf8JsonWriter writer, Context ctx, string method, Op op, string verb)
    {
        var resource = ctx.Resource;
        writer.WriteStartObject(method);
        if (!v3)
        {
            WriteStrings(writer, "consumes", op == Op.Patch ? PatchTypes(resource) : ["*/*"]);
        }

        writer.WriteString("description", Description(op, resource.Kind));
        var operationId = verb + (op == Op.DeleteCollection ? InsertCollection(ctx.Subject, resource.Kind) : ctx.Subject);
        writer.WriteString("operationId", operationId);
        writer.WriteStartArray("parameters");
        if (!v3 && BodyOf(op, ctx) is { } body)
        {
            writer.WriteStartObject();
            writer.WriteString("in", "body");
            writer.WriteString("name", "body");
            writer.WriteBoolean("required", op is not (Op.Delete or Op.DeleteCollection));
            writer.WritePropertyName("schema");
            WriteRef(writer, body);
            writer.WriteEndObject();
        }

        foreach (var name in ParametersOf(op))
        {
            OpenApiParameters.WriteQuery(writer, name, v3);
        }

        writer.WriteEndArray();
        if (!v3)
        {
            WriteStrings(writer, "produces", op is Op.List or Op.Watch or Op.WatchList ? StreamTypes : ObjectTypes);
        }

        if (v3 && BodyOf(op, ctx) is { } requestBody)
        {
            writer.WriteStartObject("requestBody");
            writer.WriteStartObject("content");
            foreach (var type in op == Op.Patch ? PatchTypes(resource) : ["*/*"])
            {
                writer.WriteStartObject(type);
                writer.WritePropertyName("schema");
                WriteRef(writer, requestBody);
                writer.WriteEndObject();
            }

            writer.WriteEndObject();
            if (op is not (Op.Delete or Op.DeleteCollection))
            {
                writer.WriteBoolean("required", true);
            }

            writer.WriteEndObject();
        }

        WriteResponses(writer, op, ctx);
        if (!v3)
        {
            WriteStrings(writer, "schemes", ["https"]);
        }

        WriteStrings(writer, "tags", [Tag(resource.Group, resource.Version)]);
        writer.WriteString("x-kubernetes-action", op switch
        {
            Op.List => "list",
            Op.Create => "post",
            Op.DeleteCollection => "deletecollection",
            Op.Read => "get",
            Op.Replace => "put",
            Op.Patch => "patch",
            Op.Delete => "delete",
            Op.Watch => "watch",
            _ => "watchlist",
        });
        writer.WriteStartObject("x-kubernetes-group-version-kind");
        writer.WriteString("group", resource.Group);
        writer.WriteString("kind", resource.Kind);
        writer.WriteString("version", resource.Version);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private void WriteResponses(Utf8JsonWriter writer, Op op, Context ctx)
    {
        var (schema, codes, types) = op switch
        {
            Op.List => (ctx.ListName, new[] { 200 }, StreamTypes),
            Op.Watch or Op.WatchList => (StandardDefinitions.WatchEventName, [200], StreamTypes),
            Op.Create => (ctx.KindName, [200, 201, 202], ObjectTypes),
            Op.Replace or Op.Patch => (ctx.KindName, [200, 201], ObjectTypes),
            Op.Delete => (StandardDefinitions.StatusName, [200, 202], ObjectTypes),
            Op.DeleteCollection => (StandardDefinitions.StatusName, [200], ObjectTypes),
            _ => (ctx.KindName, [200], ObjectTypes),
        };

        writer.WriteStartObject("responses");
        foreach (var code in codes)
        {
            writer.WriteStartObject(code.ToString(CultureInfo.InvariantCulture));
            if (v3)
            {
                writer.WriteStartObject("content");
                foreach (var type in types)
                {
                    writer.WriteStartObject(type);
                    writer.WritePropertyName("schema");
                    WriteRef(writer, schema);
                    writer.WriteEndObject();
                }

                writer.WriteEndObject();
            }

            writer.WriteString("description", code switch { 201 => "Created", 202 => "Accepted", _ => "OK" });
            if (!v3)
            {
                writer.WritePropertyName("schema");
                WriteRef(writer, schema);
            }

            writer.WriteEndObject();
        }

        writer.WriteStartObject("401");
        writer.WriteString("description", "Unauthorized");
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private void WriteRef(Utf8JsonWriter writer, string definitionName)
    {
        writer.WriteStartObject();
        writer.WriteString("$ref", schemas.Ref(definitionName));
        writer.WriteEndObject();
    }

    private static void WriteStrings(Utf8JsonWriter writer, string name, string[] values)
    {
        writer.WriteStartArray(name);
        foreach (var value in values)
        {
            writer.WriteStringValue(value);
        }

        writer.WriteEndArray();
    }

    private static string[] PatchTypes(ResourceType resource) => resource.IsCustom ? CustomPatchTypes : BuiltInPatchTypes;

    private static string? BodyOf(Op op, Context ctx) => op switch
    {
        Op.Create or Op.Replace => ctx.KindName,
        Op.Patch => WellKnownSchemas.PatchName,
        Op.Delete or Op.DeleteCollection => StandardDefinitions.DeleteOptionsName,
        _ => null,
    };

    private static string[] ParametersOf(Op op) => op switch
    {
        Op.Create or Op.Replace => OpenApiParameters.Write,
        Op.Patch => OpenApiParameters.Patch,
        Op.Delete => OpenApiParameters.Delete,
        Op.DeleteCollection => OpenApiParameters.DeleteCollection,
        Op.List or Op.Watch or Op.WatchList => OpenApiParameters.List,
        _ => [],
    };

    private static string MethodOf(Op op) => op switch
    {
        Op.Create => "post",
        Op.Replace => "put",
        Op.Patch => "patch",
        Op.Delete or Op.DeleteCollection => "delete",
        _ => "get",
    };

    // deleteCoreV1CollectionNamespacedService: "Collection" goes right after the group-version.
    private static string InsertCollection(string subject, string kind)
    {
        var scoped = subject[..^kind.Length];
        var at = scoped.EndsWith("Namespaced", StringComparison.Ordinal) ? scoped.Length - "Namespaced".Length : scoped.Length;
        return scoped[..at] + "Collection" + scoped[at..] + kind;
    }

    private static string Description(Op op, string kind) => op switch
    {
        Op.List => "list or watch objects of kind " + kind,
        Op.Create => "create " + Article(kind) + " " + kind,
        Op.DeleteCollection => "delete collection of " + kind,
        Op.Read => "read the specified " + kind,
        Op.Replace => "replace the specified " + kind,
        Op.Patch => "partially update the specified " + kind,
        Op.Delete => "delete " + Article(kind) + " " + kind,
        Op.Watch => "watch changes to an object of kind " + kind,
        _ => "watch individual changes to a list of " + kind,
    };

    private static string Article(string kind) => kind.Length > 0 && "AEIOUaeiou".Contains(kind[0], StringComparison.Ordinal) ? "an" : "a";

    private sealed record Context(ResourceType Resource, string KindName, string ListName, string Subject, bool IsStatus = false);
}
