namespace LogForge.Delivery.Smoke;

/// <summary>Pipeline v1 stores events as NDJSON lines in files of its data directory: how many lines carry a marker.</summary>
public static class DataDirectoryEvents
{
    public sealed record Found(int Count, IReadOnlyList<string> Files);

    public static Found Count(string dataDirectory, string marker)
    {
        var count = 0;
        var files = new List<string>();
        foreach (var path in Directory.EnumerateFiles(dataDirectory, "*.ndjson").Order(StringComparer.Ordinal))
        {
            // The service holds the file open for appending; share it.
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream);
            var inFile = 0;
            while (reader.ReadLine() is { } line)
                if (line.Contains(marker, StringComparison.Ordinal)) inFile++;
            if (inFile == 0) continue;
            count += inFile;
            files.Add(Path.GetFileName(path));
        }
        return new Found(count, files);
    }
}
