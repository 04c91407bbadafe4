namespace PgHa.Operator.Clusters;

/// <summary>How a reconcile ended.</summary>
/// <param name="Succeeded">False: retry with back-off.</param>
/// <param name="RecheckAfter">Look again after this long (the lock's expiry) even if nothing happens.</param>
/// <param name="Error">Why it failed.</param>
/// <param name="Exception">The failure, if one was thrown.</param>
internal sealed record ReconcileResult(bool Succeeded, TimeSpan? RecheckAfter = null, string? Error = null, Exception? Exception = null)
{
    public static ReconcileResult Done { get; } = new(true);

    public static ReconcileResult Failed(string error, Exception? exception = null) => new(false, null, error, exception);
}
