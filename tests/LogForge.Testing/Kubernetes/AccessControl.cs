// Authentication (bearer token) and authorization (deny rules) in the order the API server applies them: an
// unauthenticated request gets 401 before anything else, a denied one 403 before the resource is looked up.
// Followed: kubernetes/kubernetes staging/src/k8s.io/apiserver/pkg/endpoints/filters/{authentication.go,
// authorization.go} and staging/src/k8s.io/apiserver/pkg/endpoints/handlers/responsewriters/errors.go (forbidden message).
namespace LogForge.Testing.Kubernetes;

/// <summary>A denial: verb (or "*"), resource ("secrets", "pods/portforward", "*"), API group (null: any), namespace (null: any).</summary>
public sealed record ForbidRule(string Verb, string Resource, string? Group = null, string? Namespace = null)
{
    internal bool Matches(RequestInfo info)
    {
        var resource = info.Subresource.Length == 0 ? info.Resource : $"{info.Resource}/{info.Subresource}";
        return (Verb == "*" || Verb == info.Verb)
               && (Resource == "*" || Resource == resource || (Resource == info.Resource && info.Subresource.Length == 0))
               && (Group is null || Group == info.Group)
               && (Namespace is null || Namespace == info.Namespace);
    }
}

/// <summary>Who may do what: an optional required bearer token, the user name RBAC messages show, and deny rules.</summary>
public sealed class AccessControl
{
    private readonly object _gate = new();
    private readonly List<ForbidRule> _rules = [];

    /// <summary>When set, every request must carry <c>Authorization: Bearer &lt;token&gt;</c> or gets 401 Unauthorized.</summary>
    public string? RequiredToken { get; set; }

    /// <summary>The user a token authenticates as (RBAC messages name it).</summary>
    public string UserName { get; set; } = "system:serviceaccount:default:logforge-build";

    /// <summary>Answer 403 Forbidden for this verb on this resource (e.g. <c>Forbid("create", "secrets", ns: "dev")</c>).</summary>
    public ForbidRule Forbid(string verb, string resource, string? ns = null, string? group = null)
    {
        var rule = new ForbidRule(verb, resource, group, ns);
        lock (_gate)
            _rules.Add(rule);
        return rule;
    }

    public void Allow(ForbidRule rule)
    {
        lock (_gate)
            _rules.Remove(rule);
    }

    public void AllowAll()
    {
        lock (_gate)
            _rules.Clear();
    }

    internal string? Authenticate(string? authorization)
    {
        if (RequiredToken is null)
            return authorization is null ? "system:anonymous" : UserName;
        return authorization == $"Bearer {RequiredToken}" ? UserName : null;
    }

    /// <summary>What a SelfSubjectAccessReview answers for these attributes: whether no deny rule matches them.</summary>
    internal bool Allows(RequestInfo asked)
    {
        lock (_gate)
            return !_rules.Any(r => r.Matches(asked));
    }

    internal void Authorize(string user, RequestInfo info, string? verbOverride = null)
    {
        var asked = verbOverride is null ? info : info with { Verb = verbOverride };
        bool denied;
        lock (_gate)
            denied = _rules.Any(r => r.Matches(asked));
        if (denied)
        {
            throw StatusError.Forbidden(user, asked.Verb, asked.Group, asked.Resource, asked.Subresource,
                asked.Namespace, asked.Name);
        }
    }
}
