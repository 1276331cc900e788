namespace LogForge.Testing.Kubernetes;

/// <summary>The attributes RBAC authorized a resource request with (a SelfSubjectAccessReview's resourceAttributes); Namespace "" for a
/// cluster-scoped resource or a list across all namespaces.</summary>
public sealed record AccessAttributes(string Verb, string Group, string Resource, string Subresource, string Namespace);

/// <summary>One request as the server saw it.</summary>
/// <param name="Verb">The API verb (get, list, watch, create, update, patch, delete, deletecollection), or the HTTP method for non-resource paths.</param>
/// <param name="Mutated">A write that changed stored state.</param>
/// <param name="Access">What it was authorized as (a WebSocket port-forward twice: get, then create of pods/portforward); null for a
/// non-resource request (discovery, /version).</param>
public sealed record RecordedRequest(
    string Method,
    string Path,
    string Query,
    string? ContentType,
    int Status,
    string Verb,
    bool DryRun,
    bool Mutated,
    IReadOnlyList<AccessAttributes>? Access = null)
{
    /// <summary>A create, update, patch (apply included), delete or deletecollection of a resource (port-forward connects are not writes).</summary>
    public bool IsWrite => Verb is "create" or "update" or "patch" or "delete" or "deletecollection";

    public override string ToString() => $"{Method} {Path}{Query} [{ContentType}] → {Status}{(Mutated ? " (mutated)" : "")}";
}

/// <summary>Every request, and the two counters tests assert on. <see cref="Reset"/> starts over.</summary>
public sealed class RequestLog
{
    private readonly object _gate = new();
    private readonly List<RecordedRequest> _requests = [];

    public IReadOnlyList<RecordedRequest> All
    {
        get
        {
            lock (_gate)
                return [.. _requests];
        }
    }

    /// <summary>Write requests (POST/PUT/PATCH/DELETE on resources) that were not dry runs, whatever their outcome.</summary>
    public int Writes
    {
        get
        {
            lock (_gate)
                return _requests.Count(r => r.IsWrite && !r.DryRun);
        }
    }

    /// <summary>Requests that changed stored state (a created, changed or deleted object).</summary>
    public int Mutations
    {
        get
        {
            lock (_gate)
                return _requests.Count(r => r.Mutated);
        }
    }

    public void Reset()
    {
        lock (_gate)
            _requests.Clear();
    }

    internal void Add(RecordedRequest request)
    {
        lock (_gate)
            _requests.Add(request);
    }

    public override string ToString()
    {
        lock (_gate)
            return string.Join(Environment.NewLine, _requests);
    }
}
