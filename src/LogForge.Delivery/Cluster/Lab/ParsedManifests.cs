using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace LogForge.Delivery.Cluster.Lab;

/// <summary>
/// Parsed upstream manifests, kept as JSON beside the downloads (.tools/lab/parsed/&lt;sha256 of the
/// YAML&gt;.json): Argo CD's 1.4 MB install.yaml takes ~0.3 s to parse as YAML warm (over 1 s with a
/// cold JIT) and ~30 ms as JSON, and a re-run of Bootstrap should cost little more than its API calls.
/// Keyed by the content, so a changed pin or chart can never be answered from an old entry.
/// </summary>
public sealed class ParsedManifests(string directory)
{
    public IReadOnlyList<ManifestObject> Parse(string yaml, string source)
    {
        var path = Path.Combine(directory, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(yaml))) + ".json");
        if (File.Exists(path) && TryRead(path) is { } cached)
            return cached;

        var parsed = ManifestObject.Parse(yaml, source);
        Directory.CreateDirectory(directory);
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        File.WriteAllText(temporary, new JsonArray(parsed.Select(o => (JsonNode)o.Body.DeepClone()).ToArray()).ToJsonString());
        File.Move(temporary, path, overwrite: true);
        return parsed;
    }

    private static IReadOnlyList<ManifestObject>? TryRead(string path)
    {
        try
        {
            return JsonNode.Parse(File.ReadAllText(path))!.AsArray().Select(n => new ManifestObject(n!.AsObject())).ToList();
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or InvalidOperationException or NullReferenceException)
        {
            return null; // a damaged entry is a miss; it is written again
        }
    }
}
