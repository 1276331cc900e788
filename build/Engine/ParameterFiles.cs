using System.Text.Json;

namespace LogForge.Build.Engine;

/// <summary>.nuke/parameters.json with any --profile NAME files (.nuke/parameters.NAME.json) layered over it.</summary>
internal sealed class ParameterFiles
{
    private readonly Dictionary<string, (string Raw, string File)> _values = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<(string Key, string Raw)> _everyLayer = [];

    public static ParameterFiles Load(string nukeDirectory, IEnumerable<string> profiles)
    {
        var files = new ParameterFiles();
        files.Layer(Path.Combine(nukeDirectory, "parameters.json"), required: false);
        foreach (var profile in profiles)
            files.Layer(Path.Combine(nukeDirectory, $"parameters.{profile}.json"), required: true, profile);
        return files;
    }

    public IEnumerable<string> Keys => _values.Keys;

    /// <summary>The parameter's value in every layer, including those a later layer overrides.</summary>
    public IEnumerable<string> AllValues(string name) =>
        _everyLayer
            .Where(e => e.Key.Equals(name, StringComparison.OrdinalIgnoreCase) || e.Key.Equals(ParameterNames.Kebab(name), StringComparison.OrdinalIgnoreCase))
            .Select(e => e.Raw);

    public bool TryGet(string name, out string raw, out string file)
    {
        if (_values.TryGetValue(name, out var entry) || _values.TryGetValue(ParameterNames.Kebab(name), out entry))
        {
            (raw, file) = entry;
            return true;
        }
        (raw, file) = ("", "");
        return false;
    }

    private void Layer(string path, bool required, string? profile = null)
    {
        var shortName = ".nuke/" + Path.GetFileName(path);
        if (!File.Exists(path))
        {
            if (!required) return;
            var existing = Directory.Exists(Path.GetDirectoryName(path))
                ? Directory.GetFiles(Path.GetDirectoryName(path)!, "parameters.*.json")
                    .Select(f => Path.GetFileName(f)["parameters.".Length..^".json".Length]).ToList()
                : [];
            var known = existing.Count == 0 ? "there are no profiles yet" : "profiles: " + string.Join(", ", existing);
            throw new BuildUsageException($"Profile '{profile}' not found: {shortName} does not exist ({known}) — " +
                "create the file or pass an existing --profile.");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(File.ReadAllText(path),
                new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            throw new BuildUsageException($"{shortName} is not valid JSON (line {e.LineNumber + 1}, position {e.BytePositionInLine + 1}) — " +
                "fix the file or delete it.");
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
                throw new BuildUsageException($"{shortName} must hold a JSON object of parameter names and values — " +
                    "for example { \"Configuration\": \"Release\" }.");
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (property.Name == "$schema") continue;
                _values[property.Name] = (ToRaw(property.Value), shortName);
                _everyLayer.Add((property.Name, ToRaw(property.Value)));
            }
        }
    }

    private static string ToRaw(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString() ?? "",
        JsonValueKind.Array => string.Join(",", value.EnumerateArray().Select(ToRaw)),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Null => "",
        _ => value.GetRawText(),
    };
}
