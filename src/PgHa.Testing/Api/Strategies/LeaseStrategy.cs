using System.Text.Json.Nodes;
using PgHa.Testing.Json;
using PgHa.Testing.Storage;

namespace PgHa.Testing.Api.Strategies;

/// <summary>Leases (coordination.k8s.io/v1): duration positive, transitions non-negative; PUT may create.</summary>
internal sealed class LeaseStrategy : ResourceStrategy
{
    public override bool AllowCreateOnUpdate => true;

    public override void Validate(JsonObject obj, StoredObject? old, FieldErrors errors, StrategyContext context)
    {
        var spec = obj.Object("spec");
        if (spec.Int64("leaseDurationSeconds") is { } duration && duration <= 0)
        {
            errors.Invalid("spec.leaseDurationSeconds", duration, "must be greater than 0");
        }

        if (spec.Int64("leaseTransitions") is { } transitions && transitions < 0)
        {
            errors.Invalid("spec.leaseTransitions", transitions, "must be greater than or equal to 0");
        }
    }
}
