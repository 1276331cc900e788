using System.Text.Json.Nodes;
using LogForge.Testing.Http;

namespace LogForge.Testing.Kubernetes.Faults;

/// <summary>What an injected fault does to a matching request.</summary>
public abstract record Fault
{
    /// <summary>429 from API Priority and Fairness (or max-in-flight): plain text "Too many requests, please try again
    /// later." with Retry-After (apiserver pkg/server/filters/maxinflight.go tooManyRequests, used by
    /// priority-and-fairness.go) — or, with <paramref name="AsStatus"/>, the metav1.Status errors.NewTooManyRequests
    /// writes: reason TooManyRequests, details.retryAfterSeconds, and the Retry-After header responsewriters sets from it.</summary>
    public sealed record TooManyRequests(int RetryAfterSeconds = 1, bool AsStatus = false) : Fault;

    /// <summary>500 InternalError (errors.NewInternalError) or 503 ServiceUnavailable (errors.NewServiceUnavailable) as a Status.</summary>
    public sealed record ServerError(int Code) : Fault;

    /// <summary>Any final Status (a webhook's denial, a 422 Invalid) with the message given — for what a message may carry.</summary>
    public sealed record Refusal(int Code, string Reason, string Message) : Fault;

    /// <summary>An admission webhook's denial that quotes the object it was sent, as policy engines' messages may: 400 with
    /// "admission webhook \"<paramref name="Name"/>\" denied the request: …" (apiserver pkg/admission/plugin/webhook/errors/
    /// statuserror.go ToStatusErr: a code below 400 is raised to 400, the message prefixed). The object is echoed as sent —
    /// a Secret's data in base64.</summary>
    public sealed record EchoingWebhook(string Name) : Fault;

    /// <summary>The connection is reset before anything is done (HttpContext.Abort: the client reads no answer).</summary>
    public sealed record ResetBeforeServing : Fault;

    /// <summary>The request is done — stored, counted — and then the connection is reset: the answer is lost on the way.</summary>
    public sealed record ResetAfterServing : Fault;

    /// <summary>A watch ends (the stream closes cleanly, as at the server's timeout) after this many events.</summary>
    public sealed record EndWatchAfter(int Events) : Fault;

    /// <summary>A watch answers as for a compacted resourceVersion: 200, one ERROR event with a 410 Expired Status, end.</summary>
    public sealed record WatchGone : Fault;

    /// <summary>Someone else (a controller) writes the object just before this request is served, so a request guarded by
    /// the resourceVersion read earlier meets a real 409 Conflict.</summary>
    public sealed record WriteFirst(Action<FakeKubernetesServer> Write) : Fault;

    /// <summary>The request waits until the test releases it: before anything is done, or with <paramref name="AfterServing"/>
    /// after it was served (stored, counted) with only its answer held — the moment to cancel the code that sent it.</summary>
    public sealed record Hold(HeldRequest Request, bool AfterServing = false) : Fault;

    internal static JsonObject StatusBody(int code, string reason, string message, JsonObject? details = null)
    {
        var status = new JsonObject
        {
            ["kind"] = "Status",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject(),
            ["status"] = "Failure",
            ["message"] = message,
        };
        if (reason.Length > 0) status["reason"] = reason; // omitempty: a webhook's denial often has none
        if (details is not null) status["details"] = details;
        status["code"] = code;
        return status;
    }
}
