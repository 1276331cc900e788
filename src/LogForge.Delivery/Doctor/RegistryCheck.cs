using System.Net;

namespace LogForge.Delivery.Doctor;

/// <summary>
/// The image registry row: <c>GET /v2/</c> of the registry the policy's image repository names (or --registry-url) answers as a
/// distribution API does — 200, or 401 with a <c>WWW-Authenticate</c> challenge (GHCR asks for a token even to ping). Required only
/// when --registry-url is given; otherwise a public registry this machine cannot reach is a warning: only Promote's digest check needs it.
/// </summary>
public static class RegistryCheck
{
    public const string Row = "image registry";
    private const string NeededBy = "Promote's digest checks (the registry maps the tag to staging's digest)";

    public static async Task<DoctorRow> RunAsync(HttpClient http, Uri baseUrl, bool required, CancellationToken ct)
    {
        var ping = new Uri(baseUrl, "/v2/");
        try
        {
            using var answer = await http.GetAsync(ping, ct);
            if (answer.StatusCode == HttpStatusCode.OK || (answer.StatusCode == HttpStatusCode.Unauthorized && answer.Headers.WwwAuthenticate.Count > 0))
                return DoctorRow.Pass(Row, $"GET {ping} answered {(int)answer.StatusCode} (distribution API)", NeededBy);
            return Problem($"GET {ping} answered {(int)answer.StatusCode} {answer.ReasonPhrase}: not a distribution API", "check --registry-url", required);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            return Problem($"cannot reach {ping}: {e.Message}", "check the network, or pass --registry-url for a mirror", required);
        }
    }

    private static DoctorRow Problem(string detail, string fix, bool required) =>
        required ? DoctorRow.Fail(Row, detail, fix, NeededBy) : DoctorRow.Warn(Row, detail, fix, NeededBy);
}
