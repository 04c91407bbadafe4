using System.Globalization;
using System.Text.Json.Nodes;

namespace PgHa.Agent.Pods;

/// <summary>
/// What the agent publishes about its member, as Patroni does in the Pod's <c>status</c> annotation (read back by
/// <see cref="PgHa.Election.Eligibility.PodStatusMemberDirectory"/>) and the role label.
/// </summary>
/// <param name="State"><c>running</c>, <c>stopped</c> or <c>starting</c>.</param>
/// <param name="Role"><c>master</c> or <c>replica</c>.</param>
/// <param name="XlogLocation">The WAL position, when known.</param>
/// <param name="Timeline">The timeline, when known.</param>
/// <param name="Ready">Whether PostgreSQL answered the last health check (the readiness probe's verdict).</param>
internal sealed record MemberStatus(string State, string Role, long? XlogLocation, int? Timeline, bool Ready)
{
    public const string Running = "running";
    public const string Stopped = "stopped";
    public const string Starting = "starting";
    public const string MasterRole = "master";
    public const string ReplicaRole = "replica";

    /// <summary>Patroni's member status document.</summary>
    public string ToJson(string host, int port)
    {
        var json = new JsonObject
        {
            ["conn_url"] = string.Create(CultureInfo.InvariantCulture, $"postgres://{FormatHost(host)}:{port}/postgres"),
            ["api_url"] = null,
            ["state"] = State,
            ["role"] = Role,
            ["version"] = "pgha",
        };
        if (XlogLocation is { } xlog)
        {
            json["xlog_location"] = xlog;
        }

        if (Timeline is { } timeline)
        {
            json["timeline"] = timeline;
        }

        return json.ToJsonString();
    }

    /// <summary>
    /// Whether <paramref name="next"/> must be written now, <paramref name="last"/> being what was written: a change of
    /// role, state or timeline at once; a new position only when <paramref name="positionDue"/> (once per loop wait),
    /// so a busy primary does not turn every health check into an API write.
    /// </summary>
    public static bool NeedsWrite(MemberStatus? last, MemberStatus next, bool positionDue) =>
        last is null ||
        last.State != next.State || last.Role != next.Role || last.Timeline != next.Timeline ||
        (last.XlogLocation != next.XlogLocation && positionDue);

    private static string FormatHost(string host) => host.Contains(':', StringComparison.Ordinal) && !host.StartsWith('[') ? $"[{host}]" : host;
}
