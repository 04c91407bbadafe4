namespace PgHa.Testing.Api.Strategies;

/// <summary>core/v1 Events: no rules beyond metadata; PUT may create (as kube's event strategy allows).</summary>
internal sealed class EventStrategy : ResourceStrategy
{
    public override bool AllowCreateOnUpdate => true;
}
