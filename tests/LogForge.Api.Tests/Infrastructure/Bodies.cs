using System.IO.Compression;
using System.Text;

namespace LogForge.Api.Tests.Infrastructure;

/// <summary>Request bodies of a given size or compression.</summary>
public static class Bodies
{
    /// <summary>NDJSON of exactly <paramref name="bytes"/> bytes: events of ~200 bytes carrying the marker, the last one padded.</summary>
    public static byte[] NdjsonOfExactly(int bytes, string marker)
    {
        var text = new StringBuilder(bytes);
        for (var i = 0; ; i++)
        {
            var line = $"{{\"message\":\"{marker} {i} {new string('p', 150)}\"}}\n";
            var last = $"{{\"message\":\"{marker} last \"}}\n";
            if (text.Length + line.Length + last.Length > bytes)
            {
                var pad = bytes - text.Length - last.Length;
                text.Append($"{{\"message\":\"{marker} last {new string('q', pad)}\"}}\n");
                break;
            }

            text.Append(line);
        }

        Assert.Equal(bytes, text.Length);
        return Encoding.ASCII.GetBytes(text.ToString());
    }

    public static byte[] Gzip(byte[] data)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(data);
        }

        return output.ToArray();
    }

    /// <summary>gzip of <paramref name="zeros"/> zero bytes: about a thousandth of that on the wire.</summary>
    public static byte[] GzipBomb(long zeros)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true))
        {
            var block = new byte[1024 * 1024];
            for (long written = 0; written < zeros; written += block.Length)
            {
                gzip.Write(block, 0, (int)Math.Min(block.Length, zeros - written));
            }
        }

        return output.ToArray();
    }
}
