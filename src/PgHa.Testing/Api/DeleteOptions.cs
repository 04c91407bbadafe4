namespace PgHa.Testing.Api;

/// <summary>A delete's options: propagation, preconditions, grace period, dry run.</summary>
internal sealed record DeleteOptions(
    DeletionPropagation? Propagation = null,
    string? PreconditionUid = null,
    string? PreconditionResourceVersion = null,
    long? GracePeriodSeconds = null,
    bool DryRun = false)
{
    public static readonly DeleteOptions Default = new();
}
