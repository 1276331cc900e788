// Fault answers as the API server writes them. Followed: kubernetes/kubernetes staging/src/k8s.io/apiserver/pkg/server/
// filters/maxinflight.go (tooManyRequests: Retry-After, http.Error "Too many requests, please try again later.", which
// priority-and-fairness.go uses too; both skip long-running requests — watch is the APF exception, portforward is not
// limited), staging/src/k8s.io/apimachinery/pkg/api/errors/errors.go (NewTooManyRequests, NewInternalError,
// NewServiceUnavailable), staging/src/k8s.io/apiserver/pkg/endpoints/handlers/responsewriters/status.go +
// writers.go (ErrorNegotiated sets Retry-After from details.retryAfterSeconds).
using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace LogForge.Testing.Kubernetes.Faults;

internal static class FaultResponses
{
    /// <summary>Writes the answer of a fault that replaces serving; returns the status recorded (0: reset, no answer).</summary>
    public static async Task<int> WriteAsync(HttpContext http, Fault fault)
    {
        switch (fault)
        {
            case Fault.TooManyRequests { AsStatus: false } limited:
                http.Response.StatusCode = 429;
                http.Response.Headers.RetryAfter = limited.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
                http.Response.Headers["X-Content-Type-Options"] = "nosniff";
                http.Response.ContentType = "text/plain; charset=utf-8";
                await http.Response.WriteAsync("Too many requests, please try again later.\n", http.RequestAborted);
                return 429;
            case Fault.TooManyRequests limited:
                http.Response.Headers.RetryAfter = limited.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
                await HttpIo.WriteJsonAsync(http, 429, Fault.StatusBody(429, "TooManyRequests",
                    "The server has received too many requests and has asked us to try again later.",
                    new JsonObject { ["retryAfterSeconds"] = limited.RetryAfterSeconds }));
                return 429;
            case Fault.ServerError { Code: 503 }:
                await HttpIo.WriteJsonAsync(http, 503, Fault.StatusBody(503, "ServiceUnavailable", "the server is currently unable to handle the request"));
                return 503;
            case Fault.ServerError error:
                await HttpIo.WriteJsonAsync(http, error.Code, Fault.StatusBody(error.Code, "InternalError",
                    "Internal error occurred: etcdserver: request timed out", new JsonObject
                    {
                        ["causes"] = new JsonArray(new JsonObject { ["message"] = "etcdserver: request timed out" }),
                    }));
                return error.Code;
            case Fault.Refusal refusal:
                await HttpIo.WriteJsonAsync(http, refusal.Code, Fault.StatusBody(refusal.Code, refusal.Reason, refusal.Message));
                return refusal.Code;
            case Fault.EchoingWebhook webhook:
                var sent = await new StreamReader(http.Request.Body).ReadToEndAsync(http.RequestAborted);
                await HttpIo.WriteJsonAsync(http, 400, Fault.StatusBody(400, "",
                    $"admission webhook \"{webhook.Name}\" denied the request: object not allowed: {sent.ReplaceLineEndings(" ")}"));
                return 400;
            default:
                throw new InvalidOperationException($"{fault} is not answered in place of serving");
        }
    }

    /// <summary>Faults that answer instead of the request being served.</summary>
    public static bool ReplacesServing(Fault fault) => fault is Fault.TooManyRequests or Fault.ServerError or Fault.Refusal or Fault.EchoingWebhook;
}
