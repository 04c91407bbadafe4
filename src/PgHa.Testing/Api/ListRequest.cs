using PgHa.Testing.Storage;

namespace PgHa.Testing.Api;

/// <summary>A list's options after parsing: scope and selectors, resourceVersion semantics and paging.</summary>
internal sealed record ListRequest(
    ObjectFilter Filter,
    string? ResourceVersion = null,
    string? ResourceVersionMatch = null,
    long? Limit = null,
    string? Continue = null);
