using System.Net.Http.Headers;
using System.Text.RegularExpressions;

namespace LogForge.Delivery.Registry;

/// <summary>A registry's 401 challenge (<c>WWW-Authenticate: Bearer realm="…",service="…",scope="…"</c>, or Basic), as the
/// distribution spec's token authentication describes it.</summary>
public sealed partial record RegistryChallenge(string Scheme, IReadOnlyDictionary<string, string> Parameters)
{
    public string? Realm => Parameters.GetValueOrDefault("realm");
    public string? Service => Parameters.GetValueOrDefault("service");

    public static RegistryChallenge? From(HttpResponseHeaders headers)
    {
        var header = headers.WwwAuthenticate.FirstOrDefault(h => h.Scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase))
            ?? headers.WwwAuthenticate.FirstOrDefault();
        if (header is null) return null;
        var parameters = Pair().Matches(header.Parameter ?? "")
            .ToDictionary(m => m.Groups["key"].Value.ToLowerInvariant(), m => m.Groups["value"].Value, StringComparer.Ordinal);
        return new RegistryChallenge(header.Scheme, parameters);
    }

    [GeneratedRegex("(?<key>[A-Za-z_]+)=\"(?<value>[^\"]*)\"")]
    private static partial Regex Pair();
}
