namespace PgHa.Routing.Routers;

/// <summary>Ensures a cluster's Services: the selector-less master Service the route belongs to, and the replica Service.</summary>
public interface IServiceProvisioner
{
    /// <summary>
    /// Creates the Services that are missing and adopts those that exist (adding missing labels); never changes an
    /// existing Service's selector or ports, but reports what is wrong with them. API failures throw.
    /// </summary>
    /// <param name="cancellationToken">Cancels the request.</param>
    Task<ServiceProvisioning> EnsureServicesAsync(CancellationToken cancellationToken);
}
