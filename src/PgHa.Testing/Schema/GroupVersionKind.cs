namespace PgHa.Testing.Schema;

/// <summary>A Kubernetes group/version/kind; the core group is the empty string.</summary>
internal readonly record struct GroupVersionKind(string Group, string Version, string Kind)
{
    /// <summary><c>v1</c> for the core group, else <c>group/version</c>.</summary>
    public string ApiVersion => Group.Length == 0 ? Version : Group + "/" + Version;

    public override string ToString() => ApiVersion + ", Kind=" + Kind;
}
