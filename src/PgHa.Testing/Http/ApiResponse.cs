namespace PgHa.Testing.Http;

/// <summary>A complete (non-streaming) answer: status, JSON body and the warnings for <c>Warning</c> headers.</summary>
internal sealed record ApiResponse(int StatusCode, byte[] Body, IReadOnlyList<string> Warnings, string ContentType = MediaTypes.Json);
