using System.IO.Compression;
using Minio;
using Minio.DataModel.Args;

namespace LogForge.Api.Tests.Infrastructure;

/// <summary>Reads back what the archiver stored in the bucket.</summary>
public static class Archive
{
    public static async Task<List<string>> ObjectNamesAsync(IMinioClient client, string bucket)
    {
        var names = new List<string>();
        await foreach (var item in client.ListObjectsEnumAsync(new ListObjectsArgs().WithBucket(bucket).WithPrefix("logs/").WithRecursive(true)))
        {
            names.Add(item.Key);
        }

        return names;
    }

    public static async Task<List<string>> LinesAsync(IMinioClient client, string bucket, string objectName)
    {
        using var compressed = new MemoryStream();
        await client.GetObjectAsync(new GetObjectArgs().WithBucket(bucket).WithObject(objectName)
            .WithCallbackStream(async (stream, cancellationToken) => await stream.CopyToAsync(compressed, cancellationToken)));
        compressed.Position = 0;
        await using var gzip = new GZipStream(compressed, CompressionMode.Decompress);
        using var reader = new StreamReader(gzip);
        var text = await reader.ReadToEndAsync();
        return text.Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();
    }
}
