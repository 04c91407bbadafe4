using PgHa.Testing.Schema;

namespace PgHa.Testing.Api;

/// <summary>Options shared by create, update and patch (query parameters <c>dryRun</c>, <c>fieldValidation</c>, <c>fieldManager</c>).</summary>
internal sealed record WriteOptions(bool DryRun = false, FieldValidation FieldValidation = FieldValidation.Warn, string? FieldManager = null)
{
    public static readonly WriteOptions Default = new();
}
