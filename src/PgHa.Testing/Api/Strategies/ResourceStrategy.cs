using System.Text.Json.Nodes;
using PgHa.Testing.Storage;
using PgHa.Testing.Validation;

namespace PgHa.Testing.Api.Strategies;

/// <summary>
/// A kind's rules for writes, after kube's <c>rest.RESTCreateStrategy</c>/<c>RESTUpdateStrategy</c>:
/// defaulting and server-set fields, validation, and the few switches that differ between kinds.
/// The base class is the behaviour of a kind with no special rules.
/// </summary>
internal class ResourceStrategy
{
    public static readonly ResourceStrategy Default = new();

    /// <summary>Format of <c>metadata.name</c>.</summary>
    public virtual NameRule NameRule => NameRule.Dns1123Subdomain;

    /// <summary>A PUT of a missing object creates it (Endpoints, Services, Leases, Events).</summary>
    public virtual bool AllowCreateOnUpdate => false;

    /// <summary>A PUT without <c>metadata.resourceVersion</c> is accepted as an unconditional update.</summary>
    public virtual bool AllowUnconditionalUpdate => true;

    /// <summary>A delete answers with the deleted object rather than a Status.</summary>
    public virtual bool ReturnDeletedObject => false;

    /// <summary>Defaults and server-set fields of a new object.</summary>
    public virtual void PrepareForCreate(JsonObject obj, StrategyContext context)
    {
    }

    /// <summary>Carries over what a (non-status) update may not change; <paramref name="obj"/> already has the old status where the kind has a status subresource.</summary>
    public virtual void PrepareForUpdate(JsonObject obj, StoredObject old, StrategyContext context)
    {
    }

    /// <summary>Validates a new object (<paramref name="old"/> null) or an update.</summary>
    public virtual void Validate(JsonObject obj, StoredObject? old, FieldErrors errors, StrategyContext context)
    {
    }

    /// <summary>Last step before a committed create or update (allocations that must see the final object).</summary>
    public virtual void BeforeCommit(JsonObject obj, StoredObject? old, FieldErrors errors, StrategyContext context)
    {
    }
}
