using System.Net;
using Microsoft.Extensions.Logging;

namespace PgHa.Testing;

/// <summary>Settings of an embedded <see cref="KubeApiServer"/>. Every default suits a unit test.</summary>
public sealed class KubeApiServerOptions
{
    /// <summary>Address to listen on. Must be a loopback address. The default is 127.0.0.1.</summary>
    public IPAddress Address { get; set; } = IPAddress.Loopback;

    /// <summary>Port to listen on; 0 picks a free ephemeral port. The default is 0.</summary>
    public int Port { get; set; }

    /// <summary>Serve HTTPS with a certificate signed by a CA generated at start (written into kubeconfigs and client configurations). The default is false (plain HTTP).</summary>
    public bool UseTls { get; set; }

    /// <summary>Reject requests without a bearer token the server issued (401 Unauthorized). The default is false: tokens then only name clients.</summary>
    public bool RequireAuthentication { get; set; }

    /// <summary>
    /// How requests are authorized. The default, <see cref="AuthorizationMode.AlwaysAllow"/>, allows everything;
    /// <see cref="AuthorizationMode.Rbac"/> enforces the stored RBAC objects and implies <see cref="RequireAuthentication"/>.
    /// </summary>
    public AuthorizationMode Authorization { get; set; } = AuthorizationMode.AlwaysAllow;

    /// <summary>Run the EndpointSlice controller (slices for Services with a selector, from matching Pods). The default is true.</summary>
    public bool EnableEndpointSliceController { get; set; } = true;

    /// <summary>Run the EndpointSlice mirroring controller (slices mirrored from hand-written Endpoints of selector-less Services). The default is true.</summary>
    public bool EnableEndpointSliceMirroring { get; set; } = true;

    /// <summary>Run the garbage collector (dependents of deleted owners are deleted or orphaned as the propagation policy says). The default is true.</summary>
    public bool EnableGarbageCollector { get; set; } = true;

    /// <summary>Events kept per resource for resuming watches; a resume from before them answers 410 Gone. The default is 4096.</summary>
    public int WatchHistoryLength { get; set; } = 4096;

    /// <summary>Events queued for one watcher before it is considered too slow and its stream is closed. The default is 100,000.</summary>
    public int WatchQueueLength { get; set; } = 100_000;

    /// <summary>How often a watch that asked for bookmarks (<c>allowWatchBookmarks</c>) gets one. The default is 1 minute, as kube-apiserver.</summary>
    public TimeSpan BookmarkInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Watches without <c>timeoutSeconds</c> end after a random time in [this, 2 × this], as kube-apiserver's <c>--min-request-timeout</c>. The default is 30 minutes.</summary>
    public TimeSpan MinRequestTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Requests kept in full in the <see cref="Diagnostics.RequestLog"/> (counts are kept for all). The default is 100,000.</summary>
    public int RequestLogCapacity { get; set; } = 100_000;

    /// <summary>Seed of the random source behind fault injection and generated names, so runs can be replayed. The default is 0.</summary>
    public int Seed { get; set; }

    /// <summary>Version the server reports at <c>/version</c> (Endpoints answer with kube's deprecation warning from v1.33). The default is v1.33.0.</summary>
    public string KubernetesVersion { get; set; } = "v1.33.0";

    /// <summary>
    /// Reject loopback and other special addresses in Endpoints and EndpointSlices, as kube-apiserver does.
    /// The default is false, because the embedded server exists to route to processes on this machine.
    /// </summary>
    public bool RejectSpecialEndpointAddresses { get; set; }

    /// <summary>Clock for timestamps, watch timeouts and bookmarks. The default is <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Logger factory for the server's own diagnostics (request failures, controller errors). The default logs nothing.</summary>
    public ILoggerFactory? LoggerFactory { get; set; }

    internal void Validate()
    {
        var errors = new List<string>();
        if (Address is null || !IPAddress.IsLoopback(Address))
        {
            errors.Add($"{nameof(Address)} must be a loopback address; it was {Address}.");
        }

        if (Port is < 0 or > 65535)
        {
            errors.Add($"{nameof(Port)} must be within 0-65535; it was {Port}.");
        }

        if (WatchHistoryLength < 1)
        {
            errors.Add($"{nameof(WatchHistoryLength)} must be at least 1; it was {WatchHistoryLength}.");
        }

        if (WatchQueueLength < 1)
        {
            errors.Add($"{nameof(WatchQueueLength)} must be at least 1; it was {WatchQueueLength}.");
        }

        if (BookmarkInterval <= TimeSpan.Zero)
        {
            errors.Add($"{nameof(BookmarkInterval)} must be positive; it was {BookmarkInterval}.");
        }

        if (MinRequestTimeout <= TimeSpan.Zero)
        {
            errors.Add($"{nameof(MinRequestTimeout)} must be positive; it was {MinRequestTimeout}.");
        }

        if (RequestLogCapacity < 1)
        {
            errors.Add($"{nameof(RequestLogCapacity)} must be at least 1; it was {RequestLogCapacity}.");
        }

        if (string.IsNullOrWhiteSpace(KubernetesVersion) || !System.Text.RegularExpressions.Regex.IsMatch(KubernetesVersion, @"^v\d+\.\d+\.\d+"))
        {
            errors.Add($"{nameof(KubernetesVersion)} must look like v1.33.0; it was '{KubernetesVersion}'.");
        }

        if (!Enum.IsDefined(Authorization))
        {
            errors.Add($"{nameof(Authorization)} must be AlwaysAllow or Rbac; it was {(int)Authorization}.");
        }

        if (TimeProvider is null)
        {
            errors.Add($"{nameof(TimeProvider)} is required.");
        }

        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid KubeApiServerOptions:" + Environment.NewLine + string.Join(Environment.NewLine, errors.Select(e => "- " + e)));
        }
    }
}
