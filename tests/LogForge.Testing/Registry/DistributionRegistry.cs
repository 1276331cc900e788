using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using LogForge.Delivery.Smoke.Local;

namespace LogForge.Testing.Registry;

/// <summary>
/// A real OCI registry: Debian's docker-registry (CNCF distribution 2.8) serving a temporary directory on 127.0.0.1, anonymous or, with a
/// <see cref="RegistryTokenService"/>, behind the token authentication GHCR uses (401 with a Bearer challenge; JWTs the registry verifies
/// against the service's certificate). Images are pushed by <see cref="PushAsync"/> over the distribution API (blob uploads and a
/// manifest PUT), as a client would.
/// </summary>
public sealed class DistributionRegistry : IAsyncDisposable
{
    public const string Binary = "/usr/bin/docker-registry";

    private readonly Process _process;
    private readonly string _directory;
    private readonly RegistryTokenService? _tokens;
    private readonly HttpClient _http = new();

    private DistributionRegistry(Process process, string directory, Uri url, RegistryTokenService? tokens) =>
        (_process, _directory, Url, _tokens) = (process, directory, url, tokens);

    /// <summary>http://127.0.0.1:PORT/</summary>
    public Uri Url { get; }

    public static async Task<DistributionRegistry> StartAsync(RegistryTokenService? tokens = null)
    {
        if (!File.Exists(Binary))
            throw new InvalidOperationException($"{Binary} is missing — apt-get install docker-registry (.ci/run installs it)");
        var directory = Directory.CreateTempSubdirectory("logforge-registry-").FullName;
        var port = LoopbackPort.Free();
        var config = Path.Combine(directory, "config.yml");
        await File.WriteAllTextAsync(config, Config(Path.Combine(directory, "data"), port, tokens));
        var info = new ProcessStartInfo(Binary) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add("serve");
        info.ArgumentList.Add(config);
        var listening = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var output = new StringBuilder();
        var process = new Process { StartInfo = info };
        DataReceivedEventHandler read = (_, e) =>
        {
            if (e.Data is null) return;
            lock (output) output.AppendLine(e.Data);
            if (e.Data.Contains("listening on", StringComparison.Ordinal)) listening.TrySetResult();
        };
        process.OutputDataReceived += read;
        process.ErrorDataReceived += read;
        process.Exited += (_, _) => listening.TrySetException(new InvalidOperationException($"docker-registry exited: {output}"));
        process.EnableRaisingEvents = true;
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var registry = new DistributionRegistry(process, directory, new Uri($"http://127.0.0.1:{port}/"), tokens);
        try
        {
            await listening.Task.WaitAsync(TimeSpan.FromSeconds(30));
        }
        catch
        {
            await registry.DisposeAsync();
            throw;
        }
        return registry;
    }

    /// <summary>Pushes a one-layer image (<paramref name="content"/> as the layer) as <paramref name="name"/>:<paramref name="tag"/>,
    /// an OCI image manifest; returns its digest (the sha256 of the manifest's bytes, <see cref="DigestOf"/> of the content).</summary>
    public async Task<string> PushAsync(string name, string tag, string content)
    {
        var image = Image.Of(content);
        await PushBlobAsync(name, image.Config);
        await PushBlobAsync(name, image.Layer);
        using var put = Request(HttpMethod.Put, $"v2/{name}/manifests/{tag}", name);
        put.Content = new ByteArrayContent(image.Manifest);
        put.Content.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.oci.image.manifest.v1+json");
        using var answer = await _http.SendAsync(put);
        if (answer.StatusCode != HttpStatusCode.Created)
            throw new InvalidOperationException($"manifest PUT → {(int)answer.StatusCode}: {await answer.Content.ReadAsStringAsync()}");
        return answer.Headers.GetValues("Docker-Content-Digest").Single();
    }

    /// <summary>The digest <see cref="PushAsync"/> gives the image made of <paramref name="content"/> (the same bytes every time).</summary>
    public static string DigestOf(string content) => Digest(Image.Of(content).Manifest);

    private sealed record Image(byte[] Config, byte[] Layer, byte[] Manifest)
    {
        public static Image Of(string content)
        {
            var layer = Encoding.UTF8.GetBytes(content);
            var config = Encoding.UTF8.GetBytes(new JsonObject
            {
                ["architecture"] = "amd64",
                ["os"] = "linux",
                ["rootfs"] = new JsonObject { ["type"] = "layers", ["diff_ids"] = new JsonArray(Digest(layer)) },
            }.ToJsonString());
            var manifest = Encoding.UTF8.GetBytes(new JsonObject
            {
                ["schemaVersion"] = 2,
                ["mediaType"] = "application/vnd.oci.image.manifest.v1+json",
                ["config"] = Descriptor("application/vnd.oci.image.config.v1+json", config),
                ["layers"] = new JsonArray(Descriptor("application/vnd.oci.image.layer.v1.tar", layer)),
            }.ToJsonString());
            return new Image(config, layer, manifest);
        }
    }

    private async Task PushBlobAsync(string name, byte[] blob)
    {
        using var start = Request(HttpMethod.Post, $"v2/{name}/blobs/uploads/", name);
        using var started = await _http.SendAsync(start);
        if (started.StatusCode != HttpStatusCode.Accepted)
            throw new InvalidOperationException($"blob upload POST → {(int)started.StatusCode}: {await started.Content.ReadAsStringAsync()}");
        var location = new Uri(Url, started.Headers.Location!);
        var separator = location.Query.Length > 0 ? "&" : "?";
        using var put = Request(HttpMethod.Put, $"{location}{separator}digest={Uri.EscapeDataString(Digest(blob))}", name);
        put.Content = new ByteArrayContent(blob);
        put.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var done = await _http.SendAsync(put);
        if (done.StatusCode != HttpStatusCode.Created)
            throw new InvalidOperationException($"blob PUT → {(int)done.StatusCode}: {await done.Content.ReadAsStringAsync()}");
    }

    private HttpRequestMessage Request(HttpMethod method, string path, string name)
    {
        var request = new HttpRequestMessage(method, new Uri(Url, path));
        if (_tokens is not null)
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _tokens.Issue(name, "pull", "push"));
        return request;
    }

    private static JsonObject Descriptor(string mediaType, byte[] blob) =>
        new() { ["mediaType"] = mediaType, ["digest"] = Digest(blob), ["size"] = blob.Length };

    public static string Digest(byte[] bytes) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes));

    private static string Config(string data, int port, RegistryTokenService? tokens)
    {
        var auth = tokens is null ? "" : $"""
            auth:
              token:
                realm: {tokens.Realm}
                service: {RegistryTokenService.Service}
                issuer: {RegistryTokenService.Issuer}
                rootcertbundle: {tokens.CertificateFile}
            """;
        return $"""
            version: 0.1
            log:
              level: info
              accesslog:
                disabled: true
            storage:
              filesystem:
                rootdirectory: {data}
            http:
              addr: 127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}
              secret: logforge-test-registry-secret
            {auth}
            """;
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
