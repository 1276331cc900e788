using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using LogForge.Api.Tests.Infrastructure;

namespace LogForge.Api.Tests;

/// <summary>
/// Client faults at the HTTP edge, on the built service's real socket: broken chunked framing, chunk
/// framing against the body limit, a client that resets mid-body or sends too slowly. Each gets its own
/// status as one-line problem+json (or, for a reset, nothing: nobody is there), and none is logged as an
/// Error or with a stack trace.
/// </summary>
public sealed class ClientFaultTests(LoggedService service) : IClassFixture<LoggedService>
{
    private const int Limit = 1_048_576;

    [Theory]
    [InlineData("80000000")]
    [InlineData("100000000")]
    [InlineData("ffffffffffffffff")]
    public async Task A_chunk_size_of_2_to_the_31_or_more_gets_400_and_no_error_is_logged(string chunkSize)
    {
        var mark = service.LogMark();
        var request = Encoding.ASCII.GetBytes(RawHttp.PostLogsHead() + "Transfer-Encoding: chunked\r\n\r\n" + chunkSize + "\r\n{\"message\":\"m\"}\r\n0\r\n\r\n");

        var response = await RawHttp.SendAsync(service.Port, request);

        AssertProblem(response, 400);
        Assert.Contains("chunk", response.Body, StringComparison.OrdinalIgnoreCase);
        await service.AssertNoErrorsSinceAsync(mark);
    }

    [Theory]
    [InlineData("chunk data longer than its size", "3\r\n{\"message\":\"m\"}\r\n0\r\n\r\n")]
    [InlineData("negative chunk size", "-1\r\n{}\r\n0\r\n\r\n")]
    [InlineData("chunk size with a space inside", "1 0\r\n{\"message\":\"m\"}\r\n0\r\n\r\n")]
    public async Task Other_malformed_chunked_framing_gets_400_and_no_error_is_logged(string name, string framing)
    {
        var mark = service.LogMark();
        var response = await RawHttp.SendAsync(service.Port, Encoding.ASCII.GetBytes(RawHttp.PostLogsHead() + "Transfer-Encoding: chunked\r\n\r\n" + framing));

        Assert.True(response.StatusCode == 400, $"{name}: {response.StatusCode} {response.Body}");
        AssertProblem(response, 400);
        await service.AssertNoErrorsSinceAsync(mark);
    }

    [Theory]
    [InlineData(200_000, 1)]
    [InlineData(Limit, 1)]
    [InlineData(Limit, 7)]
    public async Task A_chunked_body_within_the_limit_is_accepted_however_small_its_chunks(int bodyBytes, int chunkSize)
    {
        var marker = Guid.NewGuid().ToString("N");
        var body = Bodies.NdjsonOfExactly(bodyBytes, marker);

        var response = await RawHttp.SendAsync(service.Port, [.. Encoding.ASCII.GetBytes(RawHttp.PostLogsHead() + "Transfer-Encoding: chunked\r\n\r\n"), .. RawHttp.Chunked(body, chunkSize)]);

        Assert.True(response.StatusCode == 202, $"{response.StatusCode} {response.Body}");
        var accepted = JsonDocument.Parse(response.Body).RootElement.GetProperty("accepted").GetInt32();
        Assert.Equal(accepted, DataFiles.Lines(service.DataDir).Count(line => line.Contains(marker, StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(64 * 1024)]
    public async Task A_chunked_body_one_byte_over_the_limit_gets_413_saying_so(int chunkSize)
    {
        var body = Bodies.NdjsonOfExactly(Limit + 1, Guid.NewGuid().ToString("N"));

        var response = await RawHttp.SendAsync(service.Port, [.. Encoding.ASCII.GetBytes(RawHttp.PostLogsHead() + "Transfer-Encoding: chunked\r\n\r\n"), .. RawHttp.Chunked(body, chunkSize)]);

        AssertProblem(response, 413);
        Assert.Contains($"larger than {Limit} bytes", response.Body);
    }

    /// <summary>A POST /logs that promised 1000 bytes of body and sent 15, returned once the endpoint reads the body: Kestrel
    /// answers "100 Continue" to "Expect: 100-continue" at the application's first read of the body (RFC 9110 §10.1.1).</summary>
    private async Task<TcpClient> InTheEndpointMidBodyAsync()
    {
        var socket = new TcpClient();
        await socket.ConnectAsync("127.0.0.1", service.Port);
        var stream = socket.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(RawHttp.PostLogsHead() + "Content-Length: 1000\r\nExpect: 100-continue\r\n\r\n"));
        await ReadUntilAsync(stream, "HTTP/1.1 100 Continue\r\n\r\n");
        await stream.WriteAsync(Encoding.ASCII.GetBytes("{\"message\":\"cut"));
        return socket;
    }

    /// <summary>Reads until <paramref name="marker"/> has come (null: until the other side closes or resets the connection);
    /// 60 s means the test is hung.</summary>
    private static async Task ReadUntilAsync(NetworkStream stream, string? marker)
    {
        using var hung = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var received = new StringBuilder();
        var buffer = new byte[1024];
        while (marker is null || !received.ToString().Contains(marker, StringComparison.Ordinal))
        {
            int read;
            try
            {
                read = await stream.ReadAsync(buffer, hung.Token);
            }
            catch (IOException) when (marker is null)
            {
                return; // reset: closed too
            }
            if (read == 0)
            {
                Assert.True(marker is null, $"closed before \"{marker}\"; got: {received}");
                return;
            }
            received.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }
    }

    [Fact]
    public async Task A_client_that_resets_mid_body_is_logged_as_499_not_as_an_error()
    {
        var mark = service.LogMark();
        var before = service.RequestLogEntries().Count(e => e.GetProperty("StatusCode").GetInt32() == 499);
        using (var socket = await InTheEndpointMidBodyAsync())
        {
            socket.Client.LingerState = new LingerOption(true, 0);
            socket.Client.Close(); // no shutdown first (TcpClient.Dispose would send a FIN): an RST alone
        }

        var entry = await service.RequestLogEntryAsync(499, skip: before);

        Assert.False(entry.TryGetProperty("@l", out var level), $"logged at {level}"); // compact JSON leaves out Information
        await service.AssertNoErrorsSinceAsync(mark);
        Assert.DoesNotContain(service.RequestLogEntries(), e => e.GetProperty("StatusCode").GetInt32() >= 500);
    }

    [Fact]
    public async Task A_client_that_closes_its_side_mid_body_is_not_logged_as_an_error()
    {
        var mark = service.LogMark();
        var entries = service.RequestLogEntries().Count;
        using (var socket = await InTheEndpointMidBodyAsync())
        {
            var stream = socket.GetStream();
            socket.Client.Shutdown(SocketShutdown.Send);
            await ReadUntilAsync(stream, null); // LogForge has seen the FIN and closed its side
        }

        // Kestrel takes a FIN as the end of the connection and answers nothing; whether the endpoint sees the
        // abort or the body's unexpected end first is a race inside Kestrel, so either 499 or 400 is logged.
        var deadline = DateTime.UtcNow + LoggedService.HungAfter;
        while (service.RequestLogEntries().Count == entries && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        var entry = Assert.Single(service.RequestLogEntries().Skip(entries));
        Assert.Contains(entry.GetProperty("StatusCode").GetInt32(), new[] { 400, 499 });
        await service.AssertNoErrorsSinceAsync(mark);
    }

    [Fact]
    public async Task A_body_arriving_below_the_minimum_data_rate_gets_408_and_no_error_is_logged()
    {
        var mark = service.LogMark();
        using var socket = new TcpClient();
        await socket.ConnectAsync("127.0.0.1", service.Port);
        var stream = socket.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(RawHttp.PostLogsHead() + "Content-Length: 1000\r\n\r\n{\"message\":\"slow"));

        // Kestrel's default minimum is 240 bytes/s after a 5 s grace period; nothing more is sent.
        var response = await RawHttp.ReadResponseAsync(stream, TimeSpan.FromSeconds(30));

        AssertProblem(response, 408);
        await service.RequestLogEntryAsync(408);
        await service.AssertNoErrorsSinceAsync(mark);
    }

    [Fact]
    public async Task The_malformed_input_corpus_gets_one_line_problems_and_logs_no_error()
    {
        var mark = service.LogMark();
        foreach (var row in MalformedInputTests.Corpus())
        {
            using var response = await service.Client.SendAsync(Http.PostLogs((byte[])row[2], (string?)row[1], (string?)row[3]));
            var body = await response.Content.ReadAsStringAsync();

            Assert.True((int)response.StatusCode is >= 400 and < 500, $"{row[0]}: {(int)response.StatusCode}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.DoesNotContain('\n', body);
        }

        await service.AssertNoErrorsSinceAsync(mark);
    }

    private static void AssertProblem(RawResponse response, int status)
    {
        Assert.True(response.StatusCode == status, $"expected {status}, got {response.StatusCode}: {response.Body}");
        Assert.Equal("application/problem+json", response.ContentType);
        Assert.DoesNotContain('\n', response.Body);
        Assert.Equal(status, JsonDocument.Parse(response.Body).RootElement.GetProperty("status").GetInt32());
    }
}
