using PgHa.Testing.Storage;

namespace PgHa.Testing.Api;

/// <summary>What a write produced: the stored (or, for a dry run, computed) object and the warnings for the client.</summary>
internal sealed record WriteResult(StoredObject Object, IReadOnlyList<string> Warnings, bool Created = false);
