using System.Text.RegularExpressions;

namespace LogForge.Delivery.Tools;

/// <summary>The pinned versions in deploy/lab/versions.env (KEY=VALUE lines, `#` comments). A value may
/// use an earlier key as ${KEY}, as the shell does when the file is sourced.</summary>
public sealed partial class VersionPins
{
    public const string RelativePath = "deploy/lab/versions.env";

    private readonly IReadOnlyDictionary<string, string> _values;
    private readonly string _source;

    private VersionPins(IReadOnlyDictionary<string, string> values, string source)
    {
        _values = values;
        _source = source;
    }

    public string Helm => Get("HELM_VERSION");
    public string HelmNpmPackage => Get("HELM_NPM_PACKAGE");
    public string Kubectl => Get("KUBECTL_VERSION");
    public string S3rver => Get("S3RVER_VERSION");
    public string Kind => Get("KIND_VERSION");
    public string ArgoCd => Get("ARGOCD_VERSION");
    public string Strimzi => Get("STRIMZI_VERSION");
    public string Kafka => Get("KAFKA_VERSION");
    public string MinioImage => Get("MINIO_IMAGE");

    public IReadOnlyDictionary<string, string> All => _values;

    public string Get(string key) =>
        _values.TryGetValue(key, out var value)
            ? value
            : throw new KeyNotFoundException($"{_source} has no {key}= line");

    public static VersionPins Load(string repoRoot)
    {
        var path = Path.Combine(repoRoot, RelativePath);
        if (!File.Exists(path))
            throw new FileNotFoundException($"{RelativePath} not found under {repoRoot}", path);
        return Parse(File.ReadAllText(path), RelativePath);
    }

    public static VersionPins Parse(string text, string source = RelativePath)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0 || line.StartsWith('#'))
                continue;

            var match = PinLine().Match(line);
            if (!match.Success)
                throw new FormatException($"{source}:{i + 1}: expected KEY=VALUE, got '{line}'");

            var key = match.Groups["key"].Value;
            var value = Expand(Unquote(match.Groups["value"].Value.Trim()), values, $"{source}:{i + 1}");
            if (value.Length == 0)
                throw new FormatException($"{source}:{i + 1}: {key} has an empty value");
            if (!values.TryAdd(key, value))
                throw new FormatException($"{source}:{i + 1}: {key} is pinned twice");
        }
        return new VersionPins(values, source);
    }

    /// <summary>Fills ${NAME} placeholders of <paramref name="text"/> from these pins (deploy/lab/manifests use them).</summary>
    public string Expand(string text, string source) => Expand(text, _values, source);

    private static string Expand(string text, IReadOnlyDictionary<string, string> values, string source) =>
        Placeholder().Replace(text, match => values.TryGetValue(match.Groups["key"].Value, out var value)
            ? value
            : throw new FormatException($"{source}: ${{{match.Groups["key"].Value}}} is not pinned (above this line) in {RelativePath}"));

    private static string Unquote(string value) =>
        value.Length >= 2 && (value[0] == '"' || value[0] == '\'') && value[^1] == value[0]
            ? value[1..^1]
            : value;

    [GeneratedRegex(@"\$\{(?<key>[A-Z][A-Z0-9_]*)\}")]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"^(?<key>[A-Z][A-Z0-9_]*)=(?<value>.*)$")]
    private static partial Regex PinLine();
}
