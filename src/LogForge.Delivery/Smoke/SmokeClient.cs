using System.Net.Http.Headers;

namespace LogForge.Delivery.Smoke;

/// <summary>The HTTP requests of the smoke checks against one base address; every answer is an <see cref="HttpAnswer"/>,
/// never an exception (a refused connection or a timeout is an answer too). API keys go in the Authorization header
/// only and are never part of an answer.</summary>
internal sealed class SmokeClient : IDisposable
{
    public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(10);
    private const int MaxBodyBytes = 64 * 1024;

    private readonly HttpClient _http;

    public SmokeClient(Uri baseAddress, HttpMessageHandler? handler = null)
    {
        // Smoke talks to 127.0.0.1 only (a local LogForge or a port-forward): never through an HTTP_PROXY of the environment.
        _http = new HttpClient(handler ?? new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(5), UseProxy = false })
        {
            BaseAddress = baseAddress,
            Timeout = RequestTimeout,
        };
    }

    public Task<HttpAnswer> GetAsync(string path, CancellationToken ct) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Get, path), ct);

    public Task<HttpAnswer> PostLogsAsync(string body, string contentType, string? apiKey, CancellationToken ct)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/logs") { Content = new StringContent(body) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        if (apiKey is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        return SendAsync(request, ct);
    }

    private async Task<HttpAnswer> SendAsync(HttpRequestMessage request, CancellationToken ct)
    {
        using (request)
        {
            try
            {
                using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct).ConfigureAwait(false);
                await using var stream = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
                var body = new MemoryStream();
                var buffer = new byte[8192];
                int read;
                while (body.Length < MaxBodyBytes && (read = await stream.ReadAsync(buffer, ct).ConfigureAwait(false)) > 0)
                    body.Write(buffer, 0, read);
                return HttpAnswer.Of((int)response.StatusCode, body.ToArray(), response.Content.Headers.ContentType?.ToString());
            }
            catch (HttpRequestException e)
            {
                var inner = e.InnerException?.Message;
                return HttpAnswer.NoAnswer(inner is null || e.Message.Contains(inner, StringComparison.Ordinal) ? e.Message : $"{e.Message} ({inner})");
            }
            catch (TaskCanceledException) when (!ct.IsCancellationRequested)
            {
                return HttpAnswer.NoAnswer($"no response within {RequestTimeout.TotalSeconds:0} s");
            }
        }
    }

    public void Dispose() => _http.Dispose();
}
