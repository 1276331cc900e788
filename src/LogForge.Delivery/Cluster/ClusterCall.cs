using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using k8s.Autorest;
using k8s.Models;

namespace LogForge.Delivery.Cluster;

/// <summary>
/// Runs one API call and turns its failure into a <see cref="ClusterException"/>: one line naming
/// what was being done, what the API server said (its Status message and reason) and what to do.
/// Never a stack trace; the response body is not quoted beyond the Status message.
/// </summary>
public static class ClusterCall
{
    public static async Task<T> RunAsync<T>(ClusterConnection cluster, string action, Func<Task<T>> call, CancellationToken ct)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (HttpOperationException e)
        {
            throw FromStatus(cluster, action, e);
        }
        catch (HttpRequestException e)
        {
            var cause = e.InnerException is SocketException socket ? socket.Message : e.Message;
            throw new ClusterException($"cannot reach the Kubernetes API server at {cluster.Server} ({cluster.Context}) to {action}: {cause}",
                "is the cluster running? Check --kube-context and --kubeconfig.", e);
        }
        catch (OperationCanceledException e) when (!ct.IsCancellationRequested)
        {
            throw new ClusterException($"the Kubernetes API server at {cluster.Server} ({cluster.Context}) did not answer in time to {action}",
                "is it overloaded or unreachable?", e);
        }
    }

    public static Task RunAsync(ClusterConnection cluster, string action, Func<Task> call, CancellationToken ct) =>
        RunAsync(cluster, action, async () => { await call().ConfigureAwait(false); return true; }, ct);

    /// <summary>The HTTP status of an API failure, or null for any other exception.</summary>
    public static HttpStatusCode? StatusOf(Exception e) => e is HttpOperationException http ? http.Response?.StatusCode : null;

    private static ClusterException FromStatus(ClusterConnection cluster, string action, HttpOperationException e)
    {
        var code = e.Response?.StatusCode;
        var status = TryParseStatus(e.Response?.Content);
        var said = status?.Message is { Length: > 0 } message ? message : $"HTTP {(int?)code} {code}";
        var hint = code switch
        {
            HttpStatusCode.Unauthorized => $"the credentials of {cluster.Context} are not accepted — refresh them in {cluster.Kubeconfig}",
            HttpStatusCode.Forbidden => $"the user of {cluster.Context} lacks this permission — grant it or use a context that has it",
            HttpStatusCode.NotFound when status?.Details?.Name is null =>
                "the API server does not serve this kind — is its CRD installed? (./build.sh Bootstrap installs the lab's)",
            HttpStatusCode.Conflict => "another field manager owns these fields or the object changed meanwhile — look at it with kubectl and re-run",
            HttpStatusCode.UnprocessableEntity => "the object was refused as invalid — fix the manifest",
            _ => "see the API server's message",
        };
        return new ClusterException($"cannot {action}: {said.ReplaceLineEndings(" ")} ({(int?)code} {status?.Reason ?? code?.ToString()})", hint, e);
    }

    private static V1Status? TryParseStatus(string? body)
    {
        if (string.IsNullOrEmpty(body)) return null;
        try
        {
            return JsonSerializer.Deserialize<V1Status>(body, new JsonSerializerOptions { PropertyNameCaseInsensitive = true });
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
