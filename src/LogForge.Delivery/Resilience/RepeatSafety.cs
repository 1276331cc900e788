using System.Text.Json;

namespace LogForge.Delivery.Resilience;

/// <summary>Whether sending a Kubernetes API request a second time is harmless when the first copy may have been done
/// (see <see cref="KubernetesFaults"/> for each case and why).</summary>
public static class RepeatSafety
{
    public const string ApplyPatch = "application/apply-patch+yaml";

    public static async ValueTask<bool> IsSafeAsync(HttpRequestMessage request)
    {
        if (request.Method == HttpMethod.Get || request.Method == HttpMethod.Head) return true;
        if (request.RequestUri?.Query.Contains("dryRun=All", StringComparison.Ordinal) == true) return true;
        if (request.Method == HttpMethod.Post) return true;
        if (request.Method != HttpMethod.Patch || request.Content is null) return false;
        if (request.Content.Headers.ContentType?.MediaType == ApplyPatch) return true;
        return await IsGuardedAsync(request.Content).ConfigureAwait(false);
    }

    /// <summary>A merge patch whose body sets metadata.resourceVersion: a precondition the API server checks.</summary>
    private static async Task<bool> IsGuardedAsync(HttpContent content)
    {
        try
        {
            using var json = JsonDocument.Parse(await content.ReadAsStringAsync().ConfigureAwait(false));
            return json.RootElement.ValueKind == JsonValueKind.Object
                && json.RootElement.TryGetProperty("metadata", out var metadata) && metadata.ValueKind == JsonValueKind.Object
                && metadata.TryGetProperty("resourceVersion", out var version) && version.ValueKind == JsonValueKind.String
                && version.GetString() is { Length: > 0 };
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
