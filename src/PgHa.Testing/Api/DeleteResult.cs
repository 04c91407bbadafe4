using PgHa.Testing.Storage;

namespace PgHa.Testing.Api;

/// <summary>What a delete did: the object's last (or now terminating) version, and whether it is gone.</summary>
internal sealed record DeleteResult(StoredObject Object, bool Deleted, IReadOnlyList<string> Warnings);
