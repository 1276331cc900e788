namespace LogForge.Delivery.Environments;

/// <summary>
/// An environment's runtime secret as its values file names it: runtimeSecret.name and the keys under
/// runtimeSecret.keys (apiKeys, minioAccessKey, minioSecretKey → the key names inside the Secret).
/// </summary>
public sealed record RuntimeSecretLayout(string Name, string ApiKeysKey, string MinioAccessKeyKey, string MinioSecretKeyKey)
{
    public static RuntimeSecretLayout Read(TargetEnvironment environment)
    {
        var file = environment.ValuesFile;
        string Required(params string[] path) => environment.OwnScalar(path) is { Length: > 0 } value
            ? value
            : throw new InvalidDataException($"{file} has no {string.Join(".", path)} — the runtime secret's layout is read from there");

        var layout = new RuntimeSecretLayout(
            Required("runtimeSecret", "name"),
            Required("runtimeSecret", "keys", "apiKeys"),
            Required("runtimeSecret", "keys", "minioAccessKey"),
            Required("runtimeSecret", "keys", "minioSecretKey"));
        var expected = environment.Policy.RuntimeSecretFor(environment.Name);
        return layout.Name == expected
            ? layout
            : throw new InvalidDataException($"{file} names the runtime secret '{layout.Name}'; {EnvironmentPolicy.RelativePath} says '{expected}' — " +
                "fix the values file");
    }
}
