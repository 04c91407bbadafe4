namespace PgHa.Testing.Http;

/// <summary>A watch's query parameters after parsing.</summary>
internal sealed record WatchOptions(
    string? ResourceVersion,
    string? ResourceVersionMatch,
    TimeSpan? Timeout,
    bool AllowBookmarks,
    bool? SendInitialEvents);
