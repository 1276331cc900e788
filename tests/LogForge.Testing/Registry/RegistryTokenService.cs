using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using LogForge.Testing.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace LogForge.Testing.Registry;

/// <summary>
/// The token service of the distribution spec's token authentication, as GHCR runs one: <c>GET /token?service=…&amp;scope=repository:NAME:pull</c>
/// answers <c>{"token": JWT}</c> — for anyone when the repository is public, else only with Basic auth of <see cref="User"/> and
/// <see cref="Password"/> (401 otherwise). Tokens are RS256 JWTs with the certificate in <c>x5c</c>; the registry trusts that certificate
/// (its rootcertbundle), checks issuer, audience, lifetime and the access claim.
/// </summary>
public sealed class RegistryTokenService : IAsyncDisposable
{
    public const string Service = "logforge-test-registry";
    public const string Issuer = "logforge-test-token-service";
    public const string User = "registry-reader";
    public const string Password = "registry-password-Qm27";

    private readonly RSA _key = RSA.Create(2048);
    private readonly X509Certificate2 _certificate;
    private readonly string _directory = Directory.CreateTempSubdirectory("logforge-registry-token-").FullName;
    private LoopbackHost _host = null!;

    private RegistryTokenService()
    {
        var request = new CertificateRequest("CN=logforge test token service", _key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        _certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        CertificateFile = Path.Combine(_directory, "token-service.pem");
        File.WriteAllText(CertificateFile, _certificate.ExportCertificatePem());
    }

    /// <summary>Repositories anyone may pull (GHCR's public packages).</summary>
    public HashSet<string> Public { get; } = [];

    public string CertificateFile { get; }
    public string Realm => new Uri(_host.Url, "token").ToString();

    /// <summary>Each token request as the service saw it: the scope and whether it carried the right credentials.</summary>
    public List<(string? Scope, bool Authenticated)> Requests { get; } = [];

    public static async Task<RegistryTokenService> StartAsync()
    {
        var service = new RegistryTokenService();
        service._host = await LoopbackHost.StartAsync(app => app.MapGet("/token", service.Answer));
        return service;
    }

    private IResult Answer(HttpContext http)
    {
        var scope = http.Request.Query["scope"].ToString();
        var authenticated = http.Request.Headers.Authorization.ToString() ==
            "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{User}:{Password}"));
        lock (Requests) Requests.Add((scope, authenticated));
        var parts = scope.Split(':');
        if (http.Request.Query["service"] != Service || parts is not ["repository", var name, var actions])
            return Results.Json(new { errors = new[] { new { code = "DENIED", message = "invalid scope or service" } } }, statusCode: 400);
        if (!authenticated && !Public.Contains(name))
            return Results.Json(new { errors = new[] { new { code = "UNAUTHORIZED", message = "authentication required" } } }, statusCode: 401);
        var granted = actions.Split(',').Where(a => a == "pull").ToArray();
        return Results.Json(new { token = Issue(name, granted) });
    }

    /// <summary>A token for <paramref name="actions"/> on repository <paramref name="name"/>, valid five minutes.</summary>
    public string Issue(string name, params string[] actions)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var header = new JsonObject
        {
            ["typ"] = "JWT", ["alg"] = "RS256", ["x5c"] = new JsonArray(Convert.ToBase64String(_certificate.RawData)),
        };
        var claims = new JsonObject
        {
            ["iss"] = Issuer, ["sub"] = User, ["aud"] = Service, ["iat"] = now, ["nbf"] = now - 10, ["exp"] = now + 300,
            ["jti"] = Guid.NewGuid().ToString("N"),
            ["access"] = new JsonArray(new JsonObject
            {
                ["type"] = "repository", ["name"] = name, ["actions"] = new JsonArray([.. actions.Select(a => (JsonNode)a)]),
            }),
        };
        var signed = $"{Base64Url(header)}.{Base64Url(claims)}";
        var signature = _key.SignData(Encoding.ASCII.GetBytes(signed), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return $"{signed}.{Base64Url(signature)}";
    }

    private static string Base64Url(JsonNode json) => Base64Url(Encoding.UTF8.GetBytes(json.ToJsonString(JsonSerializerOptions.Default)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public async ValueTask DisposeAsync()
    {
        await _host.DisposeAsync();
        _certificate.Dispose();
        _key.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
