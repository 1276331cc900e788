using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace LogForge.Delivery.Environments;

/// <summary>
/// One environment as the targets use it, resolved once where a target starts and passed down: its rule in deploy/env/policy.yaml and
/// one read of its values file over the chart's values.yaml (the first file that sets a scalar wins, as helm merges them). What the
/// values must say is checked when it is asked for, so a target fails only on what it uses.
/// </summary>
public sealed class TargetEnvironment
{
    private readonly IReadOnlyList<ValuesDocument> _documents;
    private readonly Lazy<RuntimeSecretLayout> _secretLayout;

    private TargetEnvironment(EnvironmentPolicy policy, string name, EnvironmentRule rule, IReadOnlyList<ValuesDocument> documents)
    {
        (Policy, Name, Rule, _documents) = (policy, name, rule, documents);
        _secretLayout = new Lazy<RuntimeSecretLayout>(() => RuntimeSecretLayout.Read(this));
    }

    public string Name { get; }
    public EnvironmentPolicy Policy { get; }
    public EnvironmentRule Rule { get; }
    public string Namespace => Rule.Namespace;
    public string ApplicationName => Policy.ApplicationNameFor(Name);
    public string ValuesFile => _documents[0].File;

    /// <summary>The values file's text, as read (the byte-preserving tag edits and reads work on it).</summary>
    public string ValuesText => _documents[0].Text ?? throw new InvalidDataException($"{ValuesFile} not found");

    /// <summary>runtimeSecret.* of the values file, checked against the policy's secret name.</summary>
    public RuntimeSecretLayout SecretLayout => _secretLayout.Value;

    /// <summary><paramref name="name"/> of <paramref name="policy"/>, its files read by <paramref name="readFile"/>
    /// (relative path → text, null when absent).</summary>
    public static TargetEnvironment Resolve(EnvironmentPolicy policy, string name, Func<string, string?> readFile)
    {
        if (!policy.Environments.TryGetValue(name, out var rule))
            throw new UnknownEnvironmentException(policy, name);
        var files = new[] { policy.ValuesFileFor(name), $"{policy.Chart}/values.yaml" };
        return new TargetEnvironment(policy, name, rule, [.. files.Select(file => new ValuesDocument(file, readFile(file)))]);
    }

    /// <summary>The environment as this checkout's files describe it.</summary>
    public static TargetEnvironment FromCheckout(string repoRoot, EnvironmentPolicy policy, string name) =>
        Resolve(policy, name, file => File.Exists(Path.Combine(repoRoot, file)) ? File.ReadAllText(Path.Combine(repoRoot, file)) : null);

    /// <summary>The first file that sets the scalar at <paramref name="path"/> and its value (even ""), as in helm's merge of values.</summary>
    public (string? File, string? Value) Scalar(params string[] path)
    {
        foreach (var document in _documents)
            if (document.Root?.At(path) is YamlScalarNode scalar)
                return (document.File, scalar.Value ?? "");
        return (null, null);
    }

    /// <summary>The scalar at <paramref name="path"/> in the values file itself (not the chart's).</summary>
    public string? OwnScalar(params string[] path) => _documents[0].Root?.ScalarAt(path);

    private sealed class ValuesDocument(string file, string? text)
    {
        private readonly Lazy<YamlNode?> _root = new(() => Parse(file, text));

        public string File { get; } = file;
        public string? Text { get; } = text;
        public YamlNode? Root => _root.Value;

        private static YamlNode? Parse(string file, string? text)
        {
            if (text is null)
                throw new InvalidDataException($"{file} not found");
            var stream = new YamlStream();
            try
            {
                stream.Load(new StringReader(text));
            }
            catch (YamlException e)
            {
                throw new InvalidDataException($"{file}: {e.Message}", e);
            }
            return stream.Documents.Count == 0 ? null : stream.Documents[0].RootNode;
        }
    }
}

/// <summary>A name that is not an environment of deploy/env/policy.yaml: one type for that miss wherever it is looked up.</summary>
public sealed class UnknownEnvironmentException(EnvironmentPolicy policy, string name)
    : ArgumentException($"'{name}' is not an environment of {EnvironmentPolicy.RelativePath} (it has {string.Join(", ", policy.EnvironmentNames)})");
