using LogForge.Delivery.Tools;

namespace LogForge.Delivery.Environments;

/// <summary>
/// For every environment in the policy, in parallel: `helm lint --strict` and
/// `helm template logforge-&lt;env&gt; deploy/helm/logforge -f deploy/env/&lt;env&gt;/values.yaml --namespace &lt;env&gt;`,
/// the manifest written to artifacts/rendered/&lt;env&gt;.yaml.
/// </summary>
public sealed class HelmRenderer(string repoRoot, HelmTool helm, EnvironmentPolicy policy)
{
    public const string OutputDirectory = "artifacts/rendered";

    private readonly HelmCli _helm = new(helm);

    public HelmRenderer(string repoRoot, HelmTool helm) : this(repoRoot, helm, EnvironmentPolicyLoader.Load(repoRoot)) { }

    public async Task<IReadOnlyList<RenderResult>> RenderAllAsync(CancellationToken ct = default)
    {
        Directory.CreateDirectory(Path.Combine(repoRoot, OutputDirectory));
        return await Task.WhenAll(policy.EnvironmentNames.Select(env => RenderAsync(env, ct)));
    }

    public async Task<RenderResult> RenderAsync(string env, CancellationToken ct = default)
    {
        var rule = policy.Environments[env];
        var valuesFile = policy.ValuesFileFor(env);
        var lint = _helm.RunAsync(["lint", "--strict", policy.Chart, "-f", valuesFile, "--namespace", rule.Namespace], repoRoot, ct);
        var template = _helm.RunAsync(["template", policy.ReleaseNameFor(env), policy.Chart, "-f", valuesFile, "--namespace", rule.Namespace], repoRoot, ct);
        await Task.WhenAll(lint, template);

        string? outputPath = null;
        if (template.Result.Succeeded)
        {
            outputPath = Path.Combine(repoRoot, OutputDirectory, $"{env}.yaml");
            Directory.CreateDirectory(Path.GetDirectoryName(outputPath)!);
            await File.WriteAllTextAsync(outputPath, template.Result.StandardOutput, ct);
        }
        return new RenderResult(env, lint.Result, template.Result, outputPath);
    }
}
