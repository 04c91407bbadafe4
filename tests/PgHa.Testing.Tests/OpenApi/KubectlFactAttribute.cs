namespace PgHa.Testing.Tests.OpenApi;

/// <summary>A fact that is skipped, with the reason shown, when kubectl is not on PATH.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class KubectlFactAttribute : FactAttribute
{
    public KubectlFactAttribute()
    {
        if (Kubectl.Find() is null)
        {
            Skip = "kubectl is not on PATH";
        }
    }
}
