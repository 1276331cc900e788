using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using LogForge.Api.Ingest;
using LogForge.Api.Tests.Infrastructure;

namespace LogForge.Api.Tests;

/// <summary>
/// Content-Encoding on the real Kestrel socket: gzip (what Vector, Fluent Bit and the OpenTelemetry
/// collector send) is decompressed and its limits apply to the decompressed size; any other coding is
/// refused with 415 naming gzip.
/// </summary>
public sealed class ContentEncodingTests(KestrelService service) : IClassFixture<KestrelService>
{
    private const int Limit = 1_048_576;

    [Theory]
    [InlineData("gzip", true)]
    [InlineData("gzip", false)]
    [InlineData("x-gzip", true)]
    [InlineData("GZIP", true)]
    [InlineData("identity, gzip", true)]
    public async Task A_gzip_body_is_decompressed_and_stored(string contentEncoding, bool withLength)
    {
        var marker = Guid.NewGuid().ToString("N");
        var body = Encoding.UTF8.GetBytes($"{{\"message\":\"{marker} one\"}}\n{{\"message\":\"{marker} two\"}}\n");

        using var response = await service.Client.SendAsync(Post(Bodies.Gzip(body), contentEncoding, withLength));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(2, (await response.JsonAsync()).GetProperty("accepted").GetInt32());
        Assert.Equal(2, MessagesWith(marker));
    }

    [Fact]
    public async Task Identity_means_no_coding()
    {
        var marker = Guid.NewGuid().ToString("N");

        using var response = await service.Client.SendAsync(Post(Encoding.UTF8.GetBytes($"{{\"message\":\"{marker}\"}}"), "identity", withLength: true));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(1, MessagesWith(marker));
    }

    [Theory]
    [InlineData("br")]
    [InlineData("deflate")]
    [InlineData("zstd")]
    [InlineData("compress")]
    [InlineData("gzip, gzip")]
    [InlineData("gzip, br")]
    [InlineData("br, gzip")]
    public async Task Any_other_coding_gets_415_naming_gzip(string contentEncoding)
    {
        var marker = Guid.NewGuid().ToString("N");
        var plain = Encoding.UTF8.GetBytes($"{{\"message\":\"{marker}\"}}");
        var body = contentEncoding == "deflate" ? Deflate(plain) : plain;

        using var response = await service.Client.SendAsync(Post(body, contentEncoding, withLength: true));
        var problem = await response.JsonAsync();

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Content-Encoding: gzip", problem.GetProperty("detail").GetString());
        Assert.Equal("gzip", response.Headers.GetValues("Accept-Encoding").Single());
        Assert.Equal(0, MessagesWith(marker));
    }

    [Fact]
    public async Task A_gzip_body_that_decompresses_to_exactly_the_limit_is_accepted()
    {
        var marker = Guid.NewGuid().ToString("N");

        using var response = await service.Client.SendAsync(Post(Bodies.Gzip(Bodies.NdjsonOfExactly(Limit, marker)), "gzip", withLength: true));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    [Theory]
    [InlineData(Limit + 1L)]
    [InlineData(1L << 30)]
    public async Task A_gzip_body_that_decompresses_past_the_limit_gets_413_for_its_decompressed_size(long decompressed)
    {
        var bomb = decompressed == Limit + 1L ? Bodies.Gzip(Bodies.NdjsonOfExactly(Limit + 1, "over")) : Bodies.GzipBomb(decompressed);

        using var response = await service.Client.SendAsync(Post(bomb, "gzip", withLength: true));
        var problem = await response.JsonAsync();

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal($"The decompressed body is larger than {Limit} bytes.", problem.GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData("a plain body")]
    [InlineData("gzip with its header damaged")]
    [InlineData("gzip with its checksum damaged")]
    public async Task A_body_labelled_gzip_that_is_not_valid_gzip_gets_400(string what)
    {
        var marker = Guid.NewGuid().ToString("N");
        var plain = Encoding.UTF8.GetBytes($"{{\"message\":\"{marker}\"}}");
        var body = what == "a plain body" ? plain : Bodies.Gzip(plain);
        if (what.Contains("header", StringComparison.Ordinal))
        {
            body[2] = 99; // compression method: only 8 (deflate) exists
        }
        else if (what.Contains("checksum", StringComparison.Ordinal))
        {
            body[^8] ^= 0xFF; // CRC-32 of the trailer
        }

        using var response = await service.Client.SendAsync(Post(body, "gzip", withLength: true));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("The body is not valid gzip data.", (await response.JsonAsync()).GetProperty("detail").GetString());
        Assert.Equal(0, MessagesWith(marker));
    }

    [Fact]
    public async Task A_gzip_bomb_is_inflated_no_further_than_one_byte_past_the_limit()
    {
        var bomb = Bodies.GzipBomb(256L * 1024 * 1024);
        var wire = new CountingStream(new MemoryStream(bomb));
        var context = new Microsoft.AspNetCore.Http.DefaultHttpContext();
        context.Request.Headers.ContentEncoding = "gzip";
        context.Request.Body = wire;

        var (body, error) = await RequestBody.ReadAsync(context.Request, Limit, CancellationToken.None);

        Assert.Null(body);
        Assert.Equal(413, error!.StatusCode);
        // About a thousandth of the limit is compressed input; GZipStream reads its input 8 KiB at a time.
        Assert.True(wire.BytesRead <= 3 * 8192, $"read {wire.BytesRead} of {bomb.Length} compressed bytes");
    }

    private static HttpRequestMessage Post(byte[] body, string contentEncoding, bool withLength)
    {
        HttpContent content = withLength ? new ByteArrayContent(body) : new StreamContent(new UnknownLengthStream(body));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-ndjson");
        content.Headers.TryAddWithoutValidation("Content-Encoding", contentEncoding);
        var request = new HttpRequestMessage(HttpMethod.Post, "/logs") { Content = content };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", TestSettings.KeyOne);
        return request;
    }

    private int MessagesWith(string marker) => DataFiles.Lines(service.Data.Path).Count(line => line.Contains(marker, StringComparison.Ordinal));

    private static byte[] Deflate(byte[] data)
    {
        using var output = new MemoryStream();
        using (var deflate = new ZLibStream(output, CompressionLevel.Optimal, leaveOpen: true))
        {
            deflate.Write(data);
        }

        return output.ToArray();
    }

    /// <summary>A stream whose length HttpClient cannot know, so the body goes chunked.</summary>
    private sealed class UnknownLengthStream(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;
    }

    private sealed class CountingStream(Stream inner) : Stream
    {
        public long BytesRead { get; private set; }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Count(await inner.ReadAsync(buffer, cancellationToken));

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        private int Count(int read)
        {
            BytesRead += read;
            return read;
        }
    }
}
