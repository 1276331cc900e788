using YamlDotNet.RepresentationModel;

namespace LogForge.Delivery.Environments;

/// <summary>
/// Reads a YAML mapping key by key and fails on keys nobody read (<see cref="RejectUnknownKeys"/>),
/// so a typo in a hand-written file is an error, not a silently ignored setting.
/// </summary>
internal sealed class StrictYamlMapping
{
    private readonly YamlMappingNode _node;
    private readonly string _path;
    private readonly HashSet<string> _read = [];

    public StrictYamlMapping(YamlNode? node, string path)
    {
        _node = node as YamlMappingNode ?? throw Problem(path, "must be a mapping");
        _path = path;
    }

    public string String(string key) =>
        OptionalString(key) is { Length: > 0 } value ? value : throw Problem(Path(key), "is required");

    public string? OptionalString(string key) => Child(key) switch
    {
        null => null,
        YamlScalarNode scalar => scalar.Value,
        _ => throw Problem(Path(key), "must be a scalar"),
    };

    public int Int(string key) =>
        int.TryParse(String(key), out var value) ? value : throw Problem(Path(key), "must be an integer");

    public bool Bool(string key) => String(key) switch
    {
        "true" => true,
        "false" => false,
        _ => throw Problem(Path(key), "must be true or false"),
    };

    public StrictYamlMapping Mapping(string key) => new(Child(key), Path(key));

    public List<string> Strings(string key) => Child(key) switch
    {
        null => [],
        YamlSequenceNode sequence => sequence.Children.Select((item, i) => (item as YamlScalarNode)?.Value
            ?? throw Problem($"{Path(key)}[{i}]", "must be a scalar")).ToList(),
        _ => throw Problem(Path(key), "must be a list"),
    };

    public List<StrictYamlMapping> Mappings(string key) => Child(key) switch
    {
        null => [],
        YamlSequenceNode sequence => sequence.Children.Select((item, i) => new StrictYamlMapping(item, $"{Path(key)}[{i}]")).ToList(),
        _ => throw Problem(Path(key), "must be a list"),
    };

    /// <summary>Every entry of a mapping whose keys are names (e.g. environments).</summary>
    public IEnumerable<(string Key, StrictYamlMapping Value)> Entries(string key)
    {
        var mapping = Mapping(key);
        foreach (var entry in mapping._node.Children)
        {
            var name = (entry.Key as YamlScalarNode)?.Value ?? throw Problem(Path(key), "keys must be scalars");
            yield return (name, mapping.Mapping(name));
        }
    }

    /// <summary>Fails when the mapping holds a key that was never read.</summary>
    public void RejectUnknownKeys()
    {
        var unknown = _node.Children.Keys.Select(k => (k as YamlScalarNode)?.Value ?? k.ToString()).Where(k => !_read.Contains(k)).ToList();
        if (unknown.Count > 0)
            throw Problem(_path, $"has unknown key{(unknown.Count > 1 ? "s" : "")} {string.Join(", ", unknown.Select(k => $"'{k}'"))}");
    }

    private YamlNode? Child(string key)
    {
        _read.Add(key);
        return _node.Children.TryGetValue(new YamlScalarNode(key), out var child) ? child : null;
    }

    private string Path(string key) => _path.Length == 0 ? key : $"{_path}.{key}";

    private static InvalidDataException Problem(string path, string problem) =>
        new($"{EnvironmentPolicy.RelativePath}: {(path.Length == 0 ? "the document" : path)} {problem}");
}
