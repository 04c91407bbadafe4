using System.Text.Json;

namespace PgHa.Testing.OpenApi;

/// <summary>
/// The query and path parameters kube-apiserver declares on its REST operations, written inline as it
/// does (v3: <c>schema: {type, uniqueItems: true}</c>; v2: <c>type</c> beside the name).
/// </summary>
internal static class OpenApiParameters
{
    /// <summary>Parameters of create (POST) and replace (PUT).</summary>
    public static readonly string[] Write = ["dryRun", "fieldManager", "fieldValidation"];

    /// <summary>Parameters of patch; kubectl looks for <c>fieldValidation</c> here to choose server-side validation.</summary>
    public static readonly string[] Patch = ["dryRun", "fieldManager", "fieldValidation", "force"];

    /// <summary>Parameters of a single delete.</summary>
    public static readonly string[] Delete = ["dryRun", "gracePeriodSeconds", "ignoreStoreReadErrorWithClusterBreakingPotential", "orphanDependents", "propagationPolicy"];

    /// <summary>Parameters of list and watch.</summary>
    public static readonly string[] List =
        ["allowWatchBookmarks", "continue", "fieldSelector", "labelSelector", "limit", "resourceVersion", "resourceVersionMatch", "sendInitialEvents", "timeoutSeconds", "watch"];

    /// <summary>Parameters of deletecollection.</summary>
    public static readonly string[] DeleteCollection =
        ["continue", "dryRun", "fieldSelector", "gracePeriodSeconds", "ignoreStoreReadErrorWithClusterBreakingPotential", "labelSelector", "limit",
         "orphanDependents", "propagationPolicy", "resourceVersion", "resourceVersionMatch", "sendInitialEvents", "timeoutSeconds"];

    private static readonly Dictionary<string, (string Type, string Description)> Known = new(StringComparer.Ordinal)
    {
        ["allowWatchBookmarks"] = ("boolean", "allowWatchBookmarks requests watch events with type \"BOOKMARK\"."),
        ["continue"] = ("string", "The continue option should be set when retrieving more results from the server."),
        ["dryRun"] = ("string", "When present, indicates that modifications should not be persisted. Valid values are: - All: all dry run stages will be processed"),
        ["fieldManager"] = ("string", "fieldManager is a name associated with the actor or entity that is making these changes."),
        ["fieldSelector"] = ("string", "A selector to restrict the list of returned objects by their fields. Defaults to everything."),
        ["fieldValidation"] = ("string",
            "fieldValidation instructs the server on how to handle objects in the request (POST/PUT/PATCH) containing unknown or duplicate fields. "
            + "Valid values are: - Ignore - Warn (the default) - Strict"),
        ["force"] = ("boolean", "Force is going to \"force\" Apply requests. Force flag must be unset for non-apply patch requests."),
        ["gracePeriodSeconds"] = ("integer", "The duration in seconds before the object should be deleted."),
        ["ignoreStoreReadErrorWithClusterBreakingPotential"] = ("boolean", "if set to true, it will trigger an unsafe deletion of the resource in case the normal deletion flow fails with a corrupt object error."),
        ["labelSelector"] = ("string", "A selector to restrict the list of returned objects by their labels. Defaults to everything."),
        ["limit"] = ("integer", "limit is a maximum number of responses to return for a list call."),
        ["orphanDependents"] = ("boolean", "Deprecated: please use the PropagationPolicy, this field will be deprecated in 1.7."),
        ["pretty"] = ("string", "If 'true', then the output is pretty printed."),
        ["propagationPolicy"] = ("string", "Whether and how garbage collection will be performed. Acceptable values are: 'Orphan', 'Background', 'Foreground'."),
        ["resourceVersion"] = ("string", "resourceVersion sets a constraint on what resource versions a request may be served from."),
        ["resourceVersionMatch"] = ("string", "resourceVersionMatch determines how resourceVersion is applied to list calls."),
        ["sendInitialEvents"] = ("boolean", "`sendInitialEvents=true` may be set together with `watch=true`."),
        ["timeoutSeconds"] = ("integer", "Timeout for the list/watch call."),
        ["watch"] = ("boolean", "Watch for changes to the described resources and return them as a stream of add, update, and remove notifications."),
    };

    /// <summary>Writes query parameter <paramref name="name"/> as an array element.</summary>
    public static void WriteQuery(Utf8JsonWriter writer, string name, bool v3)
    {
        var (type, description) = Known[name];
        writer.WriteStartObject();
        writer.WriteString("description", description);
        writer.WriteString("in", "query");
        writer.WriteString("name", name);
        WriteType(writer, type, v3);
        writer.WriteEndObject();
    }

    /// <summary>Writes the required path parameter <paramref name="name"/> (<c>name</c> or <c>namespace</c>).</summary>
    public static void WritePath(Utf8JsonWriter writer, string name, bool v3)
    {
        writer.WriteStartObject();
        writer.WriteString("description", name == "namespace" ? "object name and auth scope, such as for teams and projects" : "name of the resource");
        writer.WriteString("in", "path");
        writer.WriteString("name", name);
        writer.WriteBoolean("required", true);
        WriteType(writer, "string", v3);
        writer.WriteEndObject();
    }

    private static void WriteType(Utf8JsonWriter writer, string type, bool v3)
    {
        if (v3)
        {
            writer.WriteStartObject("schema");
            writer.WriteString("type", type);
            writer.WriteBoolean("uniqueItems", true);
            writer.WriteEndObject();
        }
        else
        {
            writer.WriteString("type", type);
            writer.WriteBoolean("uniqueItems", true);
        }
    }
}
