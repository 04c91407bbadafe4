using PgHa.Testing.Go;

namespace PgHa.Testing.Tables;

/// <summary>
/// How to build a Table: kube's <c>metav1.TableOptions</c> plus the Table's API version. <see cref="IncludeObject"/> comes
/// from the request's <c>includeObject</c> query parameter; <see cref="NoHeaders"/> is never sent by clients (its JSON tag
/// is <c>-</c>): kube sets it for every watch event after the first.
/// </summary>
internal sealed record TableOptions
{
    /// <summary>The Table version kubectl asks for first (<c>application/json;as=Table;v=v1;g=meta.k8s.io</c>).</summary>
    public const string V1 = "meta.k8s.io/v1";

    /// <summary>The older Table version, still served (<c>...;v=v1beta1;g=meta.k8s.io</c>).</summary>
    public const string V1Beta1 = "meta.k8s.io/v1beta1";

    public static TableOptions Default { get; } = new();

    public IncludeObjectPolicy IncludeObject { get; init; } = IncludeObjectPolicy.Metadata;

    /// <summary>Leave out <c>columnDefinitions</c> (sent as <c>null</c>).</summary>
    public bool NoHeaders { get; init; }

    /// <summary><see cref="V1"/> or <see cref="V1Beta1"/>: the apiVersion of the Table and of its PartialObjectMetadata rows.</summary>
    public string ApiVersion { get; init; } = V1;

    /// <summary>
    /// Reads the first <c>includeObject</c> query value as kube does (case-sensitive; absent or empty means Metadata).
    /// On failure <paramref name="badRequestMessage"/> is the message of kube's 400 BadRequest Status.
    /// </summary>
    public static bool TryParseIncludeObject(string? value, out IncludeObjectPolicy policy, out string? badRequestMessage)
    {
        badRequestMessage = null;
        switch (value)
        {
            case null or "" or "Metadata":
                policy = IncludeObjectPolicy.Metadata;
                return true;
            case "None":
                policy = IncludeObjectPolicy.None;
                return true;
            case "Object":
                policy = IncludeObjectPolicy.Object;
                return true;
            default:
                policy = IncludeObjectPolicy.Metadata;
                badRequestMessage = "Unable to convert to Table as requested: includeObject: Invalid value: " + GoStrings.Quote(value) +
                    ": must be 'Metadata', 'Object', 'None', or empty";
                return false;
        }
    }
}
