using PgHa.Testing.Storage;

namespace PgHa.Testing.Api.Strategies;

/// <summary>What a strategy may use while it prepares or validates a write (inside the store's lock).</summary>
internal sealed record StrategyContext(
    ObjectStore.StoreTransaction Store,
    TimeProvider Time,
    ServiceIpAllocator ServiceIps,
    bool RejectSpecialEndpointAddresses,
    List<string> Warnings);
