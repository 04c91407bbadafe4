namespace PgHa.Testing.Authorization;

/// <summary>
/// Who a bearer token stands for: the client name the request log and fault rules use, and the user and groups the
/// authorizer sees (kube's <c>user.Info</c>).
/// </summary>
internal sealed record Principal(string Client, string User, IReadOnlyList<string> Groups)
{
    public const string Authenticated = "system:authenticated";
    public const string Masters = "system:masters";
    public const string ServiceAccounts = "system:serviceaccounts";
    public const string ServiceAccountPrefix = "system:serviceaccount:";

    /// <summary>The all-powerful admin (as kind's <c>kubernetes-admin</c>, a member of <c>system:masters</c>).</summary>
    public static Principal Admin(string client) => new(client, client, [Masters, Authenticated]);

    /// <summary>A plain user named after the client, only in <c>system:authenticated</c>.</summary>
    public static Principal PlainUser(string client) => new(client, client, [Authenticated]);

    /// <summary>A service account's identity: <c>system:serviceaccount:&lt;ns&gt;:&lt;name&gt;</c> and its three groups.</summary>
    public static Principal ServiceAccount(string @namespace, string name, string? client) =>
        new(client ?? ServiceAccountUser(@namespace, name), ServiceAccountUser(@namespace, name),
            [ServiceAccounts, ServiceAccounts + ":" + @namespace, Authenticated]);

    public static string ServiceAccountUser(string @namespace, string name) => ServiceAccountPrefix + @namespace + ":" + name;

    /// <summary>The identity as one string (records compare lists by reference), to issue one token per identity.</summary>
    public string Key => Client + "\n" + User + "\n" + string.Join(",", Groups);

    public bool InGroup(string group) => Groups.Contains(group, StringComparer.Ordinal);
}
