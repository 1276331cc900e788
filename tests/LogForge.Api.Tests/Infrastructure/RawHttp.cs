using System.Net.Sockets;
using System.Text;

namespace LogForge.Api.Tests.Infrastructure;

/// <summary>HTTP/1.1 written byte by byte on a TCP socket, for framing that HttpClient would never send.</summary>
public static class RawHttp
{
    /// <summary>Headers of a POST /logs with the first test key; the caller appends framing headers and the blank line.</summary>
    public static string PostLogsHead(string contentType = "application/x-ndjson") =>
        $"POST /logs HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {TestSettings.KeyOne}\r\nContent-Type: {contentType}\r\n";

    /// <summary><paramref name="body"/> in chunked framing: chunks of <paramref name="chunkSize"/> bytes, then the last chunk.</summary>
    public static byte[] Chunked(byte[] body, int chunkSize)
    {
        using var output = new MemoryStream(body.Length * 6 + 16);
        for (var offset = 0; offset < body.Length; offset += chunkSize)
        {
            var length = Math.Min(chunkSize, body.Length - offset);
            output.Write(Encoding.ASCII.GetBytes($"{length:x}\r\n"));
            output.Write(body, offset, length);
            output.Write("\r\n"u8);
        }

        output.Write("0\r\n\r\n"u8);
        return output.ToArray();
    }

    /// <summary>Sends <paramref name="request"/> and reads one response (headers and a Content-Length body); the server may answer before all is sent.</summary>
    public static async Task<RawResponse> SendAsync(int port, byte[] request, TimeSpan? timeout = null)
    {
        using var socket = new TcpClient();
        await socket.ConnectAsync("127.0.0.1", port);
        var stream = socket.GetStream();
        var sending = Task.Run(async () =>
        {
            try
            {
                await stream.WriteAsync(request);
            }
            catch (IOException)
            {
                // The server answered early (413) and closed; the answer is what counts.
            }
        });
        var response = await ReadResponseAsync(stream, timeout ?? TimeSpan.FromSeconds(30));
        await sending;
        return response;
    }

    public static async Task<RawResponse> ReadResponseAsync(NetworkStream stream, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        var received = new MemoryStream();
        var buffer = new byte[16 * 1024];
        int headerEnd;
        while ((headerEnd = IndexOf(received, "\r\n\r\n"u8)) < 0)
        {
            var read = await stream.ReadAsync(buffer, cts.Token);
            if (read == 0)
            {
                throw new IOException($"the connection closed before a whole response head: '{Encoding.ASCII.GetString(received.ToArray())}'");
            }

            received.Write(buffer, 0, read);
        }

        var head = Encoding.ASCII.GetString(received.GetBuffer(), 0, headerEnd).Split("\r\n");
        var headers = head.Skip(1).Select(line => line.Split(':', 2)).ToDictionary(p => p[0].Trim(), p => p[1].Trim(), StringComparer.OrdinalIgnoreCase);
        var chunked = headers.TryGetValue("Transfer-Encoding", out var transfer) && transfer.Contains("chunked", StringComparison.OrdinalIgnoreCase);
        var length = headers.TryGetValue("Content-Length", out var value) ? int.Parse(value, System.Globalization.CultureInfo.InvariantCulture) : 0;
        while (chunked ? IndexOf(received, "\r\n0\r\n\r\n"u8) < 0 : received.Length < headerEnd + 4 + length)
        {
            var read = await stream.ReadAsync(buffer, cts.Token);
            if (read == 0)
            {
                break;
            }

            received.Write(buffer, 0, read);
        }

        var bytes = received.GetBuffer().AsSpan(headerEnd + 4, (int)received.Length - headerEnd - 4);
        var body = chunked ? Dechunk(bytes) : Encoding.UTF8.GetString(bytes);
        return new RawResponse(int.Parse(head[0].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture), headers, body);
    }

    private static string Dechunk(ReadOnlySpan<byte> framed)
    {
        var body = new MemoryStream();
        while (true)
        {
            var lineEnd = framed.IndexOf("\r\n"u8);
            var size = int.Parse(Encoding.ASCII.GetString(framed[..lineEnd]).Split(';')[0], System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture);
            if (size == 0)
            {
                return Encoding.UTF8.GetString(body.ToArray());
            }

            body.Write(framed.Slice(lineEnd + 2, size));
            framed = framed[(lineEnd + 2 + size + 2)..];
        }
    }

    private static int IndexOf(MemoryStream stream, ReadOnlySpan<byte> value) => stream.GetBuffer().AsSpan(0, (int)stream.Length).IndexOf(value);
}

public sealed record RawResponse(int StatusCode, IReadOnlyDictionary<string, string> Headers, string Body)
{
    public string? ContentType => Headers.TryGetValue("Content-Type", out var value) ? value : null;
}
