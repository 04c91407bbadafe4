using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using PgHa.Testing.Api;
using PgHa.Testing.Resources;
using PgHa.Testing.Storage;
using PgHa.Testing.Tables;

namespace PgHa.Testing.Http;

/// <summary>Server-side Tables for <c>kubectl get</c>: reads <c>includeObject</c> and renders through <see cref="TableConverter"/>.</summary>
internal static class Tables
{
    public static JsonObject Render(ResourceType type, IReadOnlyList<StoredObject> objects, IQueryCollection query, string metaVersion, DateTimeOffset now, string? listResourceVersion, string? continueToken, long? remaining) =>
        TableConverter.ToTable(type, objects.Select(o => ResponseBodies.ObjectNode(o, type)).ToList(), Options(query, metaVersion), now, listResourceVersion, continueToken, remaining);

    public static JsonObject RenderOne(ResourceType type, StoredObject obj, IQueryCollection query, string metaVersion, DateTimeOffset now) =>
        TableConverter.ToTable(type, ResponseBodies.ObjectNode(obj, type), Options(query, metaVersion), now);

    public static JsonObject RenderWatchEvent(ResourceType type, StoredObject obj, IQueryCollection query, string metaVersion, DateTimeOffset now, bool first) =>
        TableConverter.ToWatchEventTable(type, ResponseBodies.ObjectNode(obj, type), Options(query, metaVersion), now, first);

    private static TableOptions Options(IQueryCollection query, string metaVersion)
    {
        if (!TableOptions.TryParseIncludeObject(QueryParameters.String(query, "includeObject"), out var include, out var error))
        {
            throw ApiException.BadRequest(error!);
        }

        return new TableOptions { IncludeObject = include, ApiVersion = metaVersion };
    }
}
