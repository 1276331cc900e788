// Request dispatch in the API server's filter order: authentication (401), then authorization (403), then the
// resource lookup (404 for what no group/version serves), then the verb handler. Followed: kubernetes/kubernetes
// staging/src/k8s.io/apiserver/pkg/server/config.go DefaultBuildHandlerChain and
// staging/src/k8s.io/apiserver/pkg/endpoints/installer.go (which verbs each path serves; 405 otherwise).
using System.Net.WebSockets;
using System.Text.Json.Nodes;
using LogForge.Testing.Kubernetes.Faults;
using Microsoft.AspNetCore.Http;

namespace LogForge.Testing.Kubernetes;

internal sealed class KubeApi(
    ResourceCatalog catalog,
    ObjectStore store,
    Admission admission,
    AccessControl access,
    RequestLog log,
    PortForwardMap portForwards,
    WatchSettings watchSettings,
    FaultInjector faults,
    Action<Fault.WriteFirst> writeFirst,
    Contracts.ReturnedObjects returned,
    CancellationToken shutdown)
{
    public TimeSpan ResponseDelay { get; set; }

    public async Task HandleAsync(HttpContext http)
    {
        var request = http.Request;
        http.Items[Contracts.ReturnedObjects.ItemKey] = returned;
        var info = RequestInfo.Parse(request.Method, request.Path.Value ?? "/", name => HttpIo.Query(http, name));
        ApiCall? call = null;
        var status = 500;
        var abortAtEnd = false;
        var recorded = false;
        void LogAbandoned()
        {
            Record(http, info, 499, call);
            recorded = true;
        }
        try
        {
            if (ResponseDelay > TimeSpan.Zero)
                await Task.Delay(ResponseDelay, http.RequestAborted);
            var user = access.Authenticate(request.Headers.Authorization.Count > 0 ? request.Headers.Authorization.ToString() : null)
                       ?? throw StatusError.Unauthorized();
            // Injected faults sit where API Priority and Fairness does: after authentication, before authorization.
            var fault = faults.Take(info, _ => true);
            if (fault is Fault.ResetBeforeServing)
            {
                abortAtEnd = true;
                return;
            }
            if (fault is not null && FaultResponses.ReplacesServing(fault))
            {
                status = await FaultResponses.WriteAsync(http, fault);
                return;
            }
            if (fault is Fault.WriteFirst write)
                writeFirst(write);
            if (fault is Fault.Hold { AfterServing: false } holdFirst)
                await HoldAsync(http, holdFirst, LogAbandoned);
            var heldAnswer = fault is Fault.Hold { AfterServing: true } ? http.Response.Body : null;
            if (heldAnswer is not null)
                http.Response.Body = new MemoryStream();
            if (fault is Fault.ResetAfterServing)
            {
                abortAtEnd = true;
                http.Response.Body = Stream.Null; // served, but the answer never reaches the client
            }
            if (!info.IsResourceRequest)
            {
                status = await DiscoveryApi.HandleAsync(http, catalog);
                return;
            }
            if (AccessReviewApi.Serves(info))
            {
                status = await AccessReviewApi.HandleAsync(http, access);
                return;
            }
            access.Authorize(user, info);
            var type = catalog.Find(info.Group, info.Version, info.Resource) ?? throw StatusError.NoSuchResource();
            call = new ApiCall(http, info, type, user) { WatchFault = fault is Fault.EndWatchAfter or Fault.WatchGone ? fault : null };
            status = await DispatchAsync(call);
            if (heldAnswer is not null)
                await AnswerAfterHoldAsync(http, (Fault.Hold)fault!, heldAnswer, LogAbandoned);
        }
        catch (StatusError error)
        {
            status = error.Code;
            if (!http.Response.HasStarted)
                await HttpIo.WriteStatusAsync(http, error);
        }
        catch (NotFoundPage)
        {
            status = 404;
            http.Response.StatusCode = 404;
            http.Response.ContentType = "text/plain; charset=utf-8";
            await http.Response.WriteAsync("404 page not found\n", http.RequestAborted);
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested || shutdown.IsCancellationRequested)
        {
            status = 499;
        }
        catch (WebSocketException)
        {
            status = 101;
        }
        catch (BadHttpRequestException e) when (e.StatusCode == 413 && !http.Response.HasStarted)
        {
            // The API server's MaxRequestBodyBytes (3 MiB): errors.NewRequestEntityTooLargeError.
            status = 413;
            await HttpIo.WriteStatusAsync(http, new StatusError(413, "RequestEntityTooLarge",
                "Request entity too large: limit is 3145728", new JsonObject()));
        }
        catch (Exception e) when (!http.Response.HasStarted)
        {
            // errors.NewInternalError: what the API server answers for a failure it did not foresee.
            status = 500;
            await HttpIo.WriteStatusAsync(http, new StatusError(500, "InternalError", $"Internal error occurred: {e.Message}",
                new JsonObject { ["causes"] = new JsonArray(new JsonObject { ["message"] = e.ToString() }) }));
        }
        finally
        {
            if (abortAtEnd)
                status = 0;
            if (call?.Recorded != true && !recorded)
                Record(http, info, status, call);
            if (abortAtEnd)
                http.Abort(); // after recording, so the client's repeat is logged after this request
        }
    }

    private async Task HoldAsync(HttpContext http, Fault.Hold hold, Action logAbandoned)
    {
        using var ended = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, shutdown);
        await hold.Request.HoldAsync(ended.Token, logAbandoned);
    }

    /// <summary>The request was served into a buffer; its answer reaches the client only once the test releases it.</summary>
    private async Task AnswerAfterHoldAsync(HttpContext http, Fault.Hold hold, Stream body, Action logAbandoned)
    {
        var answer = (MemoryStream)http.Response.Body;
        http.Response.Body = body;
        await HoldAsync(http, hold, logAbandoned);
        answer.Position = 0;
        await answer.CopyToAsync(body, http.RequestAborted);
    }

    public void Record(HttpContext http, RequestInfo info, int status, ApiCall? call)
    {
        var verb = info.IsResourceRequest ? info.Verb : http.Request.Method;
        if (info.Subresource == "portforward")
            verb = "connect";
        log.Add(new RecordedRequest(
            http.Request.Method,
            http.Request.Path.Value ?? "/",
            http.Request.QueryString.Value ?? "",
            http.Request.ContentType,
            status,
            verb,
            call?.DryRun ?? http.Request.Query.ContainsKey("dryRun"),
            call?.Mutated ?? false,
            info.IsResourceRequest ? AuthorizedAs(info) : null));
    }

    /// <summary>The attributes <see cref="AccessControl.Authorize"/> is asked with for this request: its own, and for a WebSocket
    /// port-forward also a create of pods/portforward (PortForwardApi).</summary>
    private static IReadOnlyList<AccessAttributes> AuthorizedAs(RequestInfo info)
    {
        var asked = new AccessAttributes(info.Verb, info.Group, info.Resource, info.Subresource, info.Namespace);
        return info.Subresource == "portforward" && info.Verb != "create" ? [asked, asked with { Verb = "create" }] : [asked];
    }

    private Task<int> DispatchAsync(ApiCall call)
    {
        var info = call.Info;
        var type = call.Type;
        if (info.Subresource.Length > 0)
        {
            var sub = type.FindSubresource(info.Subresource) ?? throw StatusError.NoSuchResource();
            if (sub.Name == "portforward")
                return PortForwardApi.HandleAsync(call, store, access, portForwards, this, shutdown);
            if (sub.Name != "status")
                throw StatusError.MethodNotAllowed();
        }
        if (type.Namespaced && info.Namespace.Length == 0 && info.Verb is not ("list" or "watch"))
            throw info.Verb is "create" or "deletecollection" ? StatusError.MethodNotAllowed() : StatusError.NoSuchResource();
        if (!type.Namespaced && info.Namespace.Length > 0 && type.Plural != "namespaces")
            throw StatusError.NoSuchResource();
        if (info.Subresource == "status" && info.Verb is not ("get" or "update" or "patch"))
            throw StatusError.MethodNotAllowed();
        return info.Verb switch
        {
            "get" => ReadApi.GetAsync(call, store),
            "list" => ReadApi.ListAsync(call, store),
            "watch" => WatchApi.HandleAsync(call, store, watchSettings, this, shutdown),
            "create" => WriteApi.CreateAsync(call, store, admission),
            "update" => WriteApi.UpdateAsync(call, store, admission),
            "patch" => PatchApi.HandleAsync(call, store, admission),
            "delete" => WriteApi.DeleteAsync(call, store),
            "deletecollection" => WriteApi.DeleteCollectionAsync(call, store),
            _ => throw StatusError.MethodNotAllowed(),
        };
    }
}

/// <summary>Watch knobs: how often bookmarks are sent to watchers that asked for them.</summary>
internal sealed class WatchSettings
{
    public TimeSpan BookmarkInterval { get; set; } = TimeSpan.FromSeconds(60);
}
