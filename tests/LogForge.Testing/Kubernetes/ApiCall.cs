using Microsoft.AspNetCore.Http;

namespace LogForge.Testing.Kubernetes;

/// <summary>One resource request being served: what was asked, by whom, and what it did.</summary>
internal sealed class ApiCall(HttpContext http, RequestInfo info, ResourceType type, string user)
{
    public HttpContext Http { get; } = http;
    public RequestInfo Info { get; } = info;
    public ResourceType Type { get; } = type;
    public string User { get; } = user;
    public bool DryRun { get; set; }
    public bool Mutated { get; set; }

    /// <summary>An injected fault the watch handler plays (ends early, or answers 410 Gone).</summary>
    public Faults.Fault? WatchFault { get; init; }

    /// <summary>Set by long-running handlers (watch, port-forward) once the answer has started.</summary>
    public bool Recorded { get; set; }

    public string Namespace => Type.Namespaced ? Info.Namespace : "";

    public string? Query(string name) => HttpIo.Query(Http, name);

    /// <summary>The Update-operation manager: fieldManager, else the User-Agent's first segment.</summary>
    public string Manager => ManagedFields.ManagerFor(Query("fieldManager"), Http.Request.Headers.UserAgent.ToString());
}
