// Watch: a chunked stream of newline-terminated {"type":"ADDED|MODIFIED|DELETED|BOOKMARK|ERROR","object":{...}}.
// Followed: kubernetes/kubernetes staging/src/k8s.io/apiserver/pkg/endpoints/handlers/watch.go (serveWatch: JSON
// stream framing, timeoutSeconds ends the stream), staging/src/k8s.io/apiserver/pkg/storage/cacher/{cacher.go,
// cache_watcher.go} (no resourceVersion or "0": the current state as ADDED events, then changes; a resourceVersion:
// changes after it; a compacted one: an ERROR event carrying a 410 Expired Status in a 200 stream; an object that
// stops/starts matching the selectors is sent as DELETED/ADDED; BOOKMARK events carry only the resourceVersion when
// allowWatchBookmarks=true; sendInitialEvents=true ends the initial state with a bookmark annotated
// "k8s.io/initial-events-end") and https://kubernetes.io/docs/reference/using-api/api-concepts/#efficient-detection-of-changes.
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace LogForge.Testing.Kubernetes;

internal static class WatchApi
{
    public static async Task<int> HandleAsync(ApiCall call, ObjectStore store, WatchSettings settings, KubeApi api, CancellationToken shutdown)
    {
        var type = call.Type;
        var ns = type.Namespaced && call.Info.Namespace.Length > 0 ? call.Info.Namespace : null;
        var name = call.Info.Name.Length > 0 ? call.Info.Name : null;
        var labels = LabelSelector.Parse(call.Query("labelSelector"));
        var fields = FieldSelector.Parse(call.Query("fieldSelector"), type);
        var bookmarks = call.Query("allowWatchBookmarks") == "true";
        var initialEvents = call.Query("sendInitialEvents") == "true";
        var rvText = call.Query("resourceVersion");
        long? since = null;
        if (!string.IsNullOrEmpty(rvText) && rvText != "0" && !initialEvents)
        {
            if (!long.TryParse(rvText, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
                throw StatusError.BadRequest($"resourceVersion: Invalid value: \"{rvText}\": must be a valid resource version");
            since = parsed;
        }
        var timeout = int.TryParse(call.Query("timeoutSeconds"), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds > 0
            ? TimeSpan.FromSeconds(seconds)
            : Timeout.InfiniteTimeSpan;

        bool Matches(JsonObject obj) =>
            (ns is null || obj.Namespace() == ns) && (name is null || obj.Name() == name)
            && labels.Matches(obj.Labels()) && fields.Matches(obj, type);

        var response = call.Http.Response;
        StoreSubscription subscription;
        try
        {
            subscription = store.Subscribe(type, e => e.Resource.GroupResource == type.GroupResource, since);
        }
        catch (StatusError expired) when (expired.Code == 410)
        {
            await StartAsync(call, api);
            await WriteEventAsync(response, new JsonObject { ["type"] = "ERROR", ["object"] = expired.ToStatus() }, call.Http.RequestAborted);
            return 200;
        }
        if (call.WatchFault is Faults.Fault.WatchGone)
        {
            subscription.Dispose();
            var gone = StatusError.Expired($"too old resource version: {rvText} ({store.CurrentResourceVersion})");
            await StartAsync(call, api);
            await WriteEventAsync(response, new JsonObject { ["type"] = "ERROR", ["object"] = gone.ToStatus() }, call.Http.RequestAborted);
            return 200;
        }
        var endAfter = call.WatchFault is Faults.Fault.EndWatchAfter end ? end.Events : int.MaxValue;
        var sent = 0;

        using (subscription)
        using (var stop = CancellationTokenSource.CreateLinkedTokenSource(call.Http.RequestAborted, shutdown))
        {
            stop.CancelAfter(timeout);
            await StartAsync(call, api);
            var reader = subscription.Events.Reader;
            var lastVersion = store.CurrentResourceVersion;
            var initialPending = initialEvents;
            try
            {
                while (!stop.IsCancellationRequested && sent < endAfter)
                {
                    using var wait = CancellationTokenSource.CreateLinkedTokenSource(stop.Token);
                    if (bookmarks)
                        wait.CancelAfter(initialPending ? TimeSpan.FromMilliseconds(1) : settings.BookmarkInterval);
                    try
                    {
                        if (!await reader.WaitToReadAsync(wait.Token))
                            break;
                    }
                    catch (OperationCanceledException) when (!stop.IsCancellationRequested)
                    {
                        await WriteEventAsync(response, Bookmark(type, lastVersion, initialPending), stop.Token);
                        initialPending = false;
                        continue;
                    }
                    while (sent < endAfter && reader.TryRead(out var evt))
                    {
                        lastVersion = Math.Max(lastVersion, evt.ResourceVersion);
                        var line = Translate(evt, Matches, type);
                        if (line is null)
                            continue;
                        await WriteEventAsync(response, line, stop.Token);
                        sent++;
                    }
                    if (initialPending && bookmarks && reader.Count == 0)
                    {
                        await WriteEventAsync(response, Bookmark(type, lastVersion, true), stop.Token);
                        initialPending = false;
                    }
                }
            }
            catch (OperationCanceledException)
            {
            }
        }
        return 200;
    }

    private static async Task StartAsync(ApiCall call, KubeApi api)
    {
        var response = call.Http.Response;
        response.StatusCode = 200;
        response.ContentType = "application/json";
        response.Headers.CacheControl = "no-cache, private";
        await response.StartAsync(call.Http.RequestAborted);
        await response.Body.FlushAsync(call.Http.RequestAborted);
        api.Record(call.Http, call.Info, 200, call);
        call.Recorded = true;
    }

    /// <summary>The event a watcher with these selectors sees for a store change, or null when it sees nothing.</summary>
    private static JsonObject? Translate(StoreEvent evt, Func<JsonObject, bool> matches, ResourceType type)
    {
        var now = matches(evt.Object);
        var before = evt.Previous is not null && matches(evt.Previous);
        var kind = evt.Type switch
        {
            "ADDED" => now ? "ADDED" : null,
            "MODIFIED" when now && before => "MODIFIED",
            "MODIFIED" when now => "ADDED",
            "MODIFIED" when before => "DELETED",
            "DELETED" => now ? "DELETED" : null,
            _ => null,
        };
        return kind is null ? null : new JsonObject { ["type"] = kind, ["object"] = HttpIo.Present(type, evt.Object.Clone()) };
    }

    private static JsonObject Bookmark(ResourceType type, long resourceVersion, bool initialEventsEnd)
    {
        var meta = new JsonObject { ["resourceVersion"] = resourceVersion.ToString(CultureInfo.InvariantCulture) };
        if (initialEventsEnd)
            meta["annotations"] = new JsonObject { ["k8s.io/initial-events-end"] = "true" };
        return new JsonObject
        {
            ["type"] = "BOOKMARK",
            ["object"] = new JsonObject { ["kind"] = type.Kind, ["apiVersion"] = type.GroupVersion, ["metadata"] = meta },
        };
    }

    private static async Task WriteEventAsync(Microsoft.AspNetCore.Http.HttpResponse response, JsonObject line, CancellationToken ct)
    {
        if (line["object"] is JsonObject obj)
            Contracts.ReturnedObjects.Record(response.HttpContext, obj);
        var bytes = Encoding.UTF8.GetBytes(line.ToCompactJson() + "\n");
        await response.Body.WriteAsync(bytes, ct);
        await response.Body.FlushAsync(ct);
    }
}
