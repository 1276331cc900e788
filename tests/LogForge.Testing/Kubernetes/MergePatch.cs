// JSON merge patch (application/merge-patch+json), RFC 7386 (https://www.rfc-editor.org/rfc/rfc7386): objects merge
// recursively, null removes a member, anything else (arrays included) replaces. The API server applies it with
// evanphx/json-patch MergePatch (staging/src/k8s.io/apiserver/pkg/endpoints/handlers/patch.go, jsonPatcher).
using System.Text.Json.Nodes;

namespace LogForge.Testing.Kubernetes;

internal static class MergePatch
{
    public static JsonNode? Apply(JsonNode? target, JsonNode? patch)
    {
        if (patch is not JsonObject patchObject)
            return patch?.DeepClone();
        var result = target as JsonObject ?? new JsonObject();
        foreach (var (name, value) in patchObject)
        {
            if (value is null)
            {
                result.Remove(name);
                continue;
            }
            var current = result[name];
            result[name] = Apply(current?.DeepClone(), value);
        }
        return result;
    }
}
