using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace LogForge.Testing.Kubernetes.Contracts;

/// <summary>One JSON document the fake sent: the request it answered and the object (a watch event's object, not the event).</summary>
public sealed record ReturnedObject(string Request, JsonObject Object);

/// <summary>
/// While <see cref="Enabled"/>, every JSON object the fake API server answers with — get, list, create, patch and apply
/// answers, watch events' objects, Status errors, discovery documents — is kept (a copy), for
/// <see cref="SchemaContracts"/> to validate against the real schemas.
/// </summary>
public sealed class ReturnedObjects
{
    internal const string ItemKey = "logforge.returned-objects";
    private readonly Lock _gate = new();
    private readonly List<ReturnedObject> _objects = [];

    public bool Enabled { get; set; }

    public IReadOnlyList<ReturnedObject> All
    {
        get
        {
            lock (_gate) return [.. _objects];
        }
    }

    public void Clear()
    {
        lock (_gate) _objects.Clear();
    }

    internal static void Record(HttpContext http, JsonNode body)
    {
        if (http.Items.TryGetValue(ItemKey, out var value) && value is ReturnedObjects { Enabled: true } returned && body is JsonObject obj)
        {
            var request = $"{http.Request.Method} {http.Request.Path}{http.Request.QueryString}";
            lock (returned._gate) returned._objects.Add(new ReturnedObject(request, (JsonObject)obj.DeepClone()));
        }
    }
}
