namespace PgHa.Testing.Api;

/// <summary>One entry of a Status's <c>details.causes</c>: a field error of a 422 Invalid, for example.</summary>
internal sealed record StatusCause(string Reason, string Message, string? Field = null);
