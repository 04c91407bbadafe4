namespace PgHa.Testing;

/// <summary>How an embedded <see cref="KubeApiServer"/> decides whether an authenticated request may proceed.</summary>
public enum AuthorizationMode
{
    /// <summary>Every request is allowed (kube-apiserver's <c>--authorization-mode=AlwaysAllow</c>); tokens only name clients.</summary>
    AlwaysAllow,

    /// <summary>
    /// Requests are authorized as kube-apiserver's RBAC authorizer does, from the Roles, ClusterRoles, RoleBindings and
    /// ClusterRoleBindings stored in the server; requests without a token the server issued get 401, denied ones 403.
    /// The admin client (group <c>system:masters</c>) is always allowed.
    /// </summary>
    Rbac,
}
