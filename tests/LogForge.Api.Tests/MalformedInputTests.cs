using System.Net;
using System.Net.Sockets;
using System.Text;
using LogForge.Api.Tests.Infrastructure;

namespace LogForge.Api.Tests;

/// <summary>
/// The malformed-input corpus against the service on a real Kestrel socket: every answer is 4xx,
/// never 5xx, nothing is written, and the process keeps serving.
/// </summary>
public sealed class MalformedInputTests(KestrelService service) : IClassFixture<KestrelService>
{
    private readonly HttpClient _client = service.Client;

    public static TheoryData<string, string?, byte[], string?> Corpus()
    {
        var data = new TheoryData<string, string?, byte[], string?>();
        void Add(string name, string? contentType, string body, string? key = TestSettings.KeyOne) =>
            data.Add(name, contentType, Encoding.UTF8.GetBytes(body), key);

        Add("truncated JSON", "application/json", "{\"message\":");
        Add("unquoted names", "application/json", "{message:\"a\"}");
        Add("trailing comma", "application/json", "[{\"message\":\"a\"},]");
        Add("comment", "application/json", "{\"message\":\"a\" /* hi */}");
        Add("bare word", "application/json", "nul");
        Add("two roots", "application/json", "{\"message\":\"a\"}}");
        Add("raw control character", "application/json", "{\"message\":\"a\u0001b\"}");
        Add("message is a number", "application/json", "{\"message\":1}");
        Add("message is null", "application/json", "{\"message\":null}");
        Add("level is an array", "application/json", "{\"message\":\"a\",\"level\":[\"info\"]}");
        Add("timestamp is a number", "application/json", "{\"message\":\"a\",\"timestamp\":1700000000}");
        Add("timestamp without zone", "application/json", "{\"message\":\"a\",\"timestamp\":\"2024-05-01T12:00:00\"}");
        Add("timestamp out of range", "application/json", "{\"message\":\"a\",\"timestamp\":\"2024-13-45T25:61:00Z\"}");
        Add("attributes is a string", "application/json", "{\"message\":\"a\",\"attributes\":\"x\"}");
        Add("service is an object", "application/json", "{\"message\":\"a\",\"service\":{}}");
        Add("lone surrogate in message", "application/json", "{\"message\":\"\\ud800\"}");
        Add("lone surrogate in attribute key", "application/json", "{\"message\":\"a\",\"attributes\":{\"\\udc00\":1}}");
        Add("lone surrogate in service", "application/json", "{\"message\":\"a\",\"service\":\"\\ud800x\"}");
        Add("bad escape", "application/json", "{\"message\":\"\\q\"}");
        Add("oversize message", "application/json", $"{{\"message\":\"{new string('m', 33 * 1024)}\"}}");
        Add("too many events", "application/x-ndjson", string.Concat(Enumerable.Repeat("{\"message\":\"m\"}\n", 10_001)));
        Add("deep nesting", "application/json", new string('[', 5000) + new string(']', 5000));
        Add("deep nesting in attributes", "application/json", "{\"message\":\"a\",\"attributes\":{\"x\":" + new string('[', 500) + new string(']', 500) + "}}");
        Add("ndjson line is an array", "application/x-ndjson", "{\"message\":\"a\"}\n[1]\n");
        Add("ndjson line is cut", "application/x-ndjson", "{\"message\":\"a\"}\n{\"mess");
        Add("empty body", "application/json", "");
        Add("whitespace body", "application/x-ndjson", " \n\n ");
        Add("empty array", "application/json", "[]");
        Add("wrong content type", "text/plain", "{\"message\":\"a\"}");
        Add("form content type", "application/x-www-form-urlencoded", "message=a");
        Add("no content type", null, "{\"message\":\"a\"}");
        Add("wrong key", "application/json", "{\"message\":\"a\"}", "not-a-key");
        Add("no key", "application/json", "{\"message\":\"a\"}", null);
        Add("body over 1 MiB", "application/json", "[" + string.Join(",", Enumerable.Repeat($"{{\"message\":\"{new string('b', 30_000)}\"}}", 40)) + "]");
        data.Add("invalid UTF-8", "application/json", [.. "{\"message\":\""u8, 0xFF, 0xFE, 0xC3, .. "\"}"u8], TestSettings.KeyOne);
        data.Add("overlong UTF-8", "application/json", [.. "{\"message\":\""u8, 0xC0, 0xAF, .. "\"}"u8], TestSettings.KeyOne);
        data.Add("UTF-16 body", "application/json", Encoding.Unicode.GetBytes("{\"message\":\"a\"}"), TestSettings.KeyOne);
        return data;
    }

    [Theory]
    [MemberData(nameof(Corpus))]
    public async Task Every_malformed_request_gets_a_4xx_and_the_service_stays_up(string name, string? contentType, byte[] body, string? key)
    {
        using var response = await _client.SendAsync(Http.PostLogs(body, contentType, key));

        Assert.True((int)response.StatusCode is >= 400 and < 500, $"{name}: got {(int)response.StatusCode}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        await AssertStillServingAsync();
    }

    [Theory]
    [InlineData("GARBAGE\r\n\r\n")]
    [InlineData("POST /logs HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n")]
    [InlineData("POST /logs HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer test-key-one\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n")]
    [InlineData("POST /logs HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n{}")]
    public async Task Malformed_HTTP_gets_a_4xx_from_the_real_server(string raw)
    {
        var port = _client.BaseAddress!.Port;
        using var socket = new TcpClient();
        await socket.ConnectAsync("127.0.0.1", port);
        var stream = socket.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(raw));
        var buffer = new byte[512];
        var read = await stream.ReadAsync(buffer);
        var statusLine = Encoding.ASCII.GetString(buffer, 0, read).Split("\r\n")[0];

        Assert.Matches("^HTTP/1.1 4\\d\\d ", statusLine);
        await AssertStillServingAsync();
    }

    [Fact]
    public async Task Nothing_from_the_corpus_reached_the_files()
    {
        foreach (var row in Corpus())
        {
            using var response = await _client.SendAsync(Http.PostLogs((byte[])row[2], (string?)row[1], (string?)row[3]));
        }

        Assert.Empty(DataFiles.Lines(service.Data.Path));
    }

    private async Task AssertStillServingAsync()
    {
        using var health = await _client.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }
}
