using PgHa.Testing.Storage;

namespace PgHa.Testing.Api;

/// <summary>One page of a list: the items, the resourceVersion they reflect, and how to get the rest.</summary>
internal sealed record ListResult(IReadOnlyList<StoredObject> Items, long ResourceVersion, string? Continue, long? RemainingItemCount);
