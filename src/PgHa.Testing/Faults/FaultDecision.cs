namespace PgHa.Testing.Faults;

/// <summary>What the injector decided for one request.</summary>
internal readonly record struct FaultDecision(TimeSpan Delay, int? StatusCode, bool AfterHandling)
{
    public static FaultDecision None => default;

    public bool IsNone => Delay == TimeSpan.Zero && StatusCode is null;
}
