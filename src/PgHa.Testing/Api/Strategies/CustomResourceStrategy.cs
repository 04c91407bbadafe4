namespace PgHa.Testing.Api.Strategies;

/// <summary>
/// Custom resources: a PUT must carry a resourceVersion (kube's custom resource strategy refuses
/// unconditional updates); the schema (pruning, types, enums, required) is applied when decoding.
/// </summary>
internal sealed class CustomResourceStrategy : ResourceStrategy
{
    public new static readonly CustomResourceStrategy Default = new();

    public override bool AllowUnconditionalUpdate => false;

    public override bool ReturnDeletedObject => true;
}
