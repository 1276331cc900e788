using LogForge.Delivery.Environments;
using YamlDotNet.RepresentationModel;

namespace LogForge.Delivery.Cluster.Secrets;

/// <summary>
/// An environment's runtime secret as its values file names it: runtimeSecret.name and the keys under
/// runtimeSecret.keys (apiKeys, minioAccessKey, minioSecretKey → the key names inside the Secret).
/// </summary>
public sealed record RuntimeSecretLayout(string Name, string ApiKeysKey, string MinioAccessKeyKey, string MinioSecretKeyKey)
{
    public static RuntimeSecretLayout Read(string repoRoot, EnvironmentPolicy policy, string env)
    {
        var file = policy.ValuesFileFor(env);
        var stream = new YamlStream();
        stream.Load(new StringReader(File.ReadAllText(Path.Combine(repoRoot, file))));
        var root = stream.Documents[0].RootNode;
        string Required(params string[] path) => root.ScalarAt(path) is { Length: > 0 } value
            ? value
            : throw new InvalidDataException($"{file} has no {string.Join(".", path)} — the runtime secret's layout is read from there");

        var layout = new RuntimeSecretLayout(
            Required("runtimeSecret", "name"),
            Required("runtimeSecret", "keys", "apiKeys"),
            Required("runtimeSecret", "keys", "minioAccessKey"),
            Required("runtimeSecret", "keys", "minioSecretKey"));
        var expected = policy.RuntimeSecretFor(env);
        return layout.Name == expected
            ? layout
            : throw new InvalidDataException($"{file} names the runtime secret '{layout.Name}'; {EnvironmentPolicy.RelativePath} says '{expected}' — fix the values file");
    }
}
